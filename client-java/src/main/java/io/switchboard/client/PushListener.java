package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Told of every frame the server pushes on the device socket that is not an answer to the client
 * ({@code connection_established} included; acks, errors and pongs are not pushes). Runs on the client's thread:
 * do not block. Ignore types you do not know.
 */
@FunctionalInterface
public interface PushListener {
    /** A frame of {@code type}, whole. */
    void onPush(String type, JsonNode frame);
}

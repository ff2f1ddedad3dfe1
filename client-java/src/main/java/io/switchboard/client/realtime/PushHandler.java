package io.switchboard.client.realtime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Handles every pushed frame of one type on a {@link SwitchboardChannels} socket (a {@code message}, an app's event
 * such as {@code like_update}), whatever the channel. Runs on the client's thread: do not block.
 */
@FunctionalInterface
public interface PushHandler {
    /** A frame of {@code type}, whole. */
    void onPush(String type, JsonNode frame);
}

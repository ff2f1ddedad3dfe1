package io.switchboard.client.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ServerError;

/**
 * What a realtime client tells the app about its connection. Every method has a default that does nothing (errors
 * are logged), so an app implements only what it needs. Called on the client's thread: do not block.
 */
public interface RealtimeListener {
    /** The state moved from {@code from} to {@code to}. */
    default void onStateChanged(RealtimeState from, RealtimeState to) {
    }

    /**
     * A session was established; {@code reconnected} is true after the first. Subscriptions are renewed (and channel
     * recovery asked for) before this is called.
     */
    default void onConnected(String sessionId, String userId, boolean reconnected) {
    }

    /** The server refused the credentials; the client does not reconnect until {@code connect()} is called again. */
    default void onAuthFailed(AuthFailedException error) {
    }

    /** An {@code error} frame that answers none of this client's requests (one without an id). */
    default void onServerError(ServerError error) {
    }

    /** A handler or listener of the app threw while handling {@code frame}; the others still ran. */
    default void onHandlerError(Throwable error, JsonNode frame) {
    }
}

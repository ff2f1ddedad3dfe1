package io.switchboard.client.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.HttpUrl;

/**
 * What one kind of socket adds to the shared connection rules: its URL, what it renews when a session starts, and
 * the frames that are not replies to requests. Every method runs on the client's thread.
 */
interface Endpoint {
    /** The URL to open now, under the server's base URL (it may carry a resume position). */
    HttpUrl url(HttpUrl server);

    /** A session is established and requests can go out: renew what must be renewed, before queued requests. */
    void established(boolean reconnected);

    /** A pushed frame (not a reply to one of this client's requests, not {@code connection_established}). */
    void frame(String type, JsonNode frame);

    /** As {@link #frame(String, JsonNode)}, with the frame's text as it arrived (a delta's base is its exact data). */
    default void frame(String type, JsonNode frame, String text) {
        frame(type, frame);
    }

    /** The socket is gone; the client may reconnect. */
    void lost();

    /** The client stopped (disconnect, close, a terminal close code): let go of whoever waits. */
    void stopped(RuntimeException why);
}

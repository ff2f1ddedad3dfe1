package io.switchboard.client;

/** How a message went to the server. */
public enum Transport {
    /** Over the WebSocket. */
    WEBSOCKET,
    /** In a batch over {@code POST /api/ingest/}. */
    HTTP
}

package io.switchboard.client;

/** Where a {@link SwitchboardClient}'s messages go right now. */
public enum ConnectionState {
    /** Opening the WebSocket for the first time (or again at once after a close that asks for it); messages wait. */
    CONNECTING,
    /** The WebSocket is up: messages go over it and are acked on it. */
    CONNECTED_WEBSOCKET,
    /** The WebSocket is down: buffered messages go in batches over {@code POST /api/ingest/} while the socket is retried. */
    SENDING_HTTP,
    /** Neither the socket nor HTTP gets through: messages wait in the buffer; both are retried with backoff. */
    OFFLINE,
    /** Not running: before {@link SwitchboardClient#start()}, after {@link SwitchboardClient#close()}, or after a fatal refusal. */
    STOPPED
}

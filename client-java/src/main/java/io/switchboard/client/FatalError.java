package io.switchboard.client;

/**
 * The server refused the device for good: a WebSocket close in the do-not-reconnect range (4000–4099, such as 4004
 * for an unknown child hash or 4001 for no auth in time) or an HTTP 401/403 on the fallback. The client stops
 * (state {@link ConnectionState#STOPPED}) and keeps its buffer; fix the credentials and start a new client.
 */
public final class FatalError {
    private final Transport transport;
    private final int code;
    private final String reason;

    /** A refusal on {@code transport}: the close code (WebSocket) or the HTTP status (HTTP), and the reason given. */
    public FatalError(Transport transport, int code, String reason) {
        this.transport = transport;
        this.code = code;
        this.reason = reason;
    }

    /** Where the refusal came from. */
    public Transport transport() {
        return transport;
    }

    /** The close code (WebSocket) or HTTP status (HTTP). */
    public int code() {
        return code;
    }

    /** The reason the server gave. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return transport + " " + code + ": " + reason;
    }
}

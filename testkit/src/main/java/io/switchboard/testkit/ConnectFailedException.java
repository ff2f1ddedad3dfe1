package io.switchboard.testkit;

/** A WebSocket could not be opened: the handshake was refused, or nothing listened on the port. */
public final class ConnectFailedException extends RuntimeException {
    private final int status;

    /** A failure with the HTTP status of the refused handshake, or -1 when there was no HTTP answer. */
    public ConnectFailedException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the server refused the upgrade with, or -1 when there was none (connection refused, timeout). */
    public int status() {
        return status;
    }
}

package io.switchboard.testkit;

/**
 * How a connection ended, as the client saw it.
 *
 * @param code   the WebSocket close code (1006 when the connection broke without a close frame)
 * @param reason the close reason, possibly empty
 */
public record CloseStatus(int code, String reason) {
    /** The code a client reports when the connection ended without a close frame (RFC 6455, 7.1.5). */
    public static final int ABNORMAL = 1006;

    @Override
    public String toString() {
        return code + (reason == null || reason.isEmpty() ? "" : " \"" + reason + "\"");
    }
}

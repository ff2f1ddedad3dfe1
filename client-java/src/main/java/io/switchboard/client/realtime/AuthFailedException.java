package io.switchboard.client.realtime;

import io.switchboard.client.SwitchboardClientException;

/**
 * The server refused the credentials: close 4001 (no token), 4002 (invalid or expired token) or 4003 (a token for
 * another user), or the token supplier returned none (4001). The client does not retry with the same token: get a
 * new one, then call {@code connect()}.
 */
public final class AuthFailedException extends SwitchboardClientException {
    private static final long serialVersionUID = 1L;
    private final int closeCode;
    private final String reason;

    /** A refusal with the close code and reason the server gave. */
    public AuthFailedException(int closeCode, String reason) {
        super("authentication failed (" + closeCode + (reason == null || reason.isEmpty() ? "" : ": " + reason) + ")");
        this.closeCode = closeCode;
        this.reason = reason == null ? "" : reason;
    }

    /** The close code, 4001 to 4003. */
    public int closeCode() {
        return closeCode;
    }

    /** The server's reason, for humans. */
    public String reason() {
        return reason;
    }
}

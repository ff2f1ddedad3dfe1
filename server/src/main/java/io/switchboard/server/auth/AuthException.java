package io.switchboard.server.auth;

import io.switchboard.protocol.CloseCode;

/** Credentials were missing or refused; {@link #closeCode()} is what a socket is closed with. */
public final class AuthException extends RuntimeException {
    private final CloseCode closeCode;

    /** A refusal with the close code to use and a reason safe to show (never the token itself). */
    public AuthException(CloseCode closeCode, String reason) {
        super(reason, null, false, false);
        this.closeCode = closeCode;
    }

    /** {@link CloseCode#NO_CREDENTIALS} or {@link CloseCode#INVALID_TOKEN}. */
    public CloseCode closeCode() {
        return closeCode;
    }
}

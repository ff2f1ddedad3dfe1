package io.switchboard.server.hooks;

/**
 * The connect hook did not let the client in: the socket is closed with {@link #code()} and {@link #reason()} — the
 * backend's own {@code disconnect}, 4003 for its {@code error} (its code and message in the reason), 4001 when it
 * named no user for a client without a token, 4002 for an {@code expire_at} already past, and 1013 (try again later)
 * when the hook is down, slow, busy or answers garbage.
 */
public final class ConnectRefused extends RuntimeException {
    /** RFC 6455's "try again later". */
    public static final int TRY_AGAIN_LATER = 1013;
    private final int code;
    private final String reason;

    public ConnectRefused(int code, String reason) {
        super(reason, null, false, false);
        this.code = code;
        this.reason = HookAnswer.closeReason(reason);
    }

    /** The close code. */
    public int code() {
        return code;
    }

    /** The close reason, at most 123 bytes of UTF-8. */
    public String reason() {
        return reason;
    }
}

package io.switchboard.server.hooks;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.time.Duration;

/**
 * A hook could not answer: down, slow, busy, or it answered garbage. The client gets {@code unavailable}
 * (temporary), or for connect a close with 1013 (try again later). The message says which, never the backend's URL.
 */
public final class HookUnavailable extends ProtocolException {
    private final String outcome;

    private HookUnavailable(String outcome, String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, null, cause);
        this.outcome = outcome;
    }

    /** How the call ended, as the metrics name it: {@code timeout}, {@code busy}, {@code down} or {@code garbage}. */
    public String outcome() {
        return outcome;
    }

    static HookUnavailable timedOut(HookKind kind, Duration timeout) {
        return new HookUnavailable("timeout", "the " + kind.label() + " hook did not answer within "
                + timeout.toMillis() + " ms; try again later", null);
    }

    static HookUnavailable busy(HookKind kind, int maxInFlight) {
        return new HookUnavailable("busy", "the node has " + maxInFlight + " hook calls in flight; try again later", null);
    }

    static HookUnavailable down(HookKind kind, Throwable cause) {
        return new HookUnavailable("down", "the " + kind.label() + " hook cannot be reached; try again later", cause);
    }

    static HookUnavailable garbage(HookKind kind, String what) {
        return new HookUnavailable("garbage", "the " + kind.label() + " hook answered something unusable (" + what
                + "); try again later", null);
    }
}

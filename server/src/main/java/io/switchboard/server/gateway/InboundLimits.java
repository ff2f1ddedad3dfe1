package io.switchboard.server.gateway;

import io.switchboard.server.limits.TokenBucket;

/**
 * What a client may send: a message rate, and a budget of invalid messages. Used on the session's event loop.
 */
final class InboundLimits {
    /** Consecutive over-limit messages after which the connection is closed with 4101. */
    static final int RATE_STRIKES = 5;
    /** Invalid messages a client may send at once before it is closed with 4005; the budget refills at one a second. */
    static final int VIOLATION_BURST = 20;

    private final TokenBucket rate;
    private final TokenBucket violations;
    private int strikes;

    InboundLimits(int perSecond, int burst, long now) {
        this.rate = new TokenBucket(perSecond, burst, now);
        this.violations = new TokenBucket(1, VIOLATION_BURST, now);
    }

    /** Outcome of admitting one message. */
    enum Admission { ACCEPT, REJECT, CLOSE }

    Admission admit(long now) {
        if (rate.tryTake(now)) {
            strikes = 0;
            return Admission.ACCEPT;
        }
        return ++strikes >= RATE_STRIKES ? Admission.CLOSE : Admission.REJECT;
    }

    /** Records an invalid message; false when the client has used up its budget. */
    boolean violation(long now) {
        return violations.tryTake(now);
    }
}

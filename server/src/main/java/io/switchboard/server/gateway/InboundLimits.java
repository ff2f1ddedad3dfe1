package io.switchboard.server.gateway;

import io.switchboard.server.limits.TokenBucket;

/**
 * What a client may send: a message rate, and a budget of invalid messages. Used on the session's event loop.
 * Each bucket is made when first needed: a bucket nobody took from is full, so one made then is the same as one
 * made at connect, and a socket that stays idle holds neither.
 */
final class InboundLimits {
    /** Consecutive over-limit messages after which the connection is closed with 4101. */
    static final int RATE_STRIKES = 5;
    /** Invalid messages a client may send at once before it is closed with 4005; the budget refills at one a second. */
    static final int VIOLATION_BURST = 20;

    private final int perSecond;
    private final int burst;
    private TokenBucket rate;
    private TokenBucket violations;
    private int strikes;

    InboundLimits(int perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Outcome of admitting one message. */
    enum Admission { ACCEPT, REJECT, CLOSE }

    Admission admit(long now) {
        if (rate == null) {
            rate = new TokenBucket(perSecond, burst, now);
        }
        if (rate.tryTake(now)) {
            strikes = 0;
            return Admission.ACCEPT;
        }
        return ++strikes >= RATE_STRIKES ? Admission.CLOSE : Admission.REJECT;
    }

    /** Records an invalid message; false when the client has used up its budget. */
    boolean violation(long now) {
        if (violations == null) {
            violations = new TokenBucket(1, VIOLATION_BURST, now);
        }
        return violations.tryTake(now);
    }
}

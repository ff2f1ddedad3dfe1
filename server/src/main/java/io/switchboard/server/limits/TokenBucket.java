package io.switchboard.server.limits;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code perSecond}. Not thread-safe: one bucket
 * belongs to one connection, used on that connection's event loop.
 */
public final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    /** A full bucket. */
    public TokenBucket(int perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.capacity = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes one token if there is one; returns whether it did. */
    public boolean tryTake(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            last = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}

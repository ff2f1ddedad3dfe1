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
        this(perSecond / 1e9, burst, nowNanos);
    }

    private TokenBucket(double perNano, int burst, long nowNanos) {
        this.perNano = perNano;
        this.capacity = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** A full bucket refilled at {@code perMinute}, for limits too slow to state per second (login attempts). */
    public static TokenBucket perMinute(int perMinute, int burst, long nowNanos) {
        return new TokenBucket(perMinute / 60e9, burst, nowNanos);
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

package io.switchboard.server.limits;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code perSecond}. Not thread-safe: a bucket belongs
 * to one connection and is used on its event loop, or is guarded by its owner's lock ({@link KeyedRateLimiter}).
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
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Nanoseconds from {@code nowNanos} until a token is there to take; 0 when one is there now. */
    public long nanosUntilToken(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    /** Whether the bucket has refilled completely by {@code nowNanos}: it is then no different from a new one. */
    public boolean isFull(long nowNanos) {
        long elapsed = nowNanos - last;
        return tokens + Math.max(0, elapsed) * perNano >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            last = nowNanos;
        }
    }
}

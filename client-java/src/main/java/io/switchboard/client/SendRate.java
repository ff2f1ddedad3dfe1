package io.switchboard.client;

/**
 * A token bucket for socket sends: {@code perSecond} tokens a second, at most one second's worth saved up. Keeps a
 * device under the server's per-connection rate limit when it drains a large backlog. Used on the client's thread.
 */
final class SendRate {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    /** A bucket of {@code perSecond} (at least 1), full at {@code now}. */
    SendRate(int perSecond, long now) {
        this.perNano = perSecond / 1e9;
        this.capacity = perSecond;
        this.tokens = perSecond;
        this.last = now;
    }

    /** Takes a token if there is one. */
    boolean tryTake(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Nanoseconds until the next token. */
    long nanosUntilNext(long now) {
        refill(now);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    private void refill(long now) {
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
    }
}

package io.switchboard.server.apps.accounts;

import io.switchboard.server.limits.TokenBucket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per key (a client address, a username): {@code perMinute} attempts in a burst, refilled at
 * {@code perMinute} a minute. At most {@code maxKeys} buckets are kept; the least recently used one goes first,
 * which forgets only keys that have been quiet longest. Thread-safe (HTTP handlers run on every event loop).
 */
final class AttemptLimiter {
    private final int perMinute;
    private final Map<String, TokenBucket> buckets;

    AttemptLimiter(int perMinute, int maxKeys) {
        this.perMinute = perMinute;
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Takes one attempt for {@code key}; returns whether there was one left. */
    synchronized boolean tryTake(String key, long nowNanos) {
        return buckets.computeIfAbsent(key, k -> TokenBucket.perMinute(perMinute, perMinute, nowNanos)).tryTake(nowNanos);
    }

    /** Seconds until an empty bucket has an attempt again: the refill time of one token, rounded up. */
    int retryAfterSeconds() {
        return (int) Math.max(1, (60 + perMinute - 1) / perMinute);
    }
}

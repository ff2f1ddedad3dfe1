package io.switchboard.server.limits;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link TokenBucket} per key (a client address, a user id), in a map of bounded size. Thread-safe: the keys
 * are spread over shards, each a small LRU map behind its own lock, so event loops rarely wait for each other.
 *
 * <p>Forgetting a key costs nothing once its bucket has refilled: a full bucket is what a new key gets. So each
 * call drops a few of the least recently used keys whose buckets are full, and a shard at its size evicts its
 * least recently used key even if that bucket is not full yet. An attacker who cycles through more keys than
 * the map holds can therefore get a fresh burst per key, never more than that.
 */
public final class KeyedRateLimiter {
    private static final int SHARDS = 16;
    /** Idle keys dropped per call, beyond the one the size bound may force out. */
    private static final int IDLE_SWEEP = 2;

    private final int perSecond;
    private final int burst;
    private final Shard[] shards = new Shard[SHARDS];

    /**
     * A limiter granting each key {@code burst} at once and {@code perSecond} sustained, tracking at most
     * {@code maxKeys} keys (rounded up to a multiple of the shard count).
     */
    public KeyedRateLimiter(int perSecond, int burst, int maxKeys) {
        if (perSecond < 1 || burst < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("perSecond, burst and maxKeys must be positive");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        int perShard = (maxKeys + SHARDS - 1) / SHARDS;
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard(perShard);
        }
    }

    /**
     * Takes a token for {@code key}. Returns 0 when granted, otherwise the nanoseconds until the key has a token
     * again (the refused call takes nothing).
     */
    public long tryTake(String key, long nowNanos) {
        return shards[Math.floorMod(key.hashCode() * 0x9E3779B9, SHARDS)].tryTake(key, nowNanos);
    }

    /** Keys tracked now (for tests and metrics). */
    public int size() {
        int n = 0;
        for (Shard s : shards) {
            n += s.size();
        }
        return n;
    }

    /** Sustained tokens per second per key. */
    public int perSecond() {
        return perSecond;
    }

    /** Tokens a key may take at once. */
    public int burst() {
        return burst;
    }

    private final class Shard {
        private final int capacity;
        private final LinkedHashMap<String, TokenBucket> buckets = new LinkedHashMap<>(64, 0.75f, true);

        Shard(int capacity) {
            this.capacity = capacity;
        }

        synchronized long tryTake(String key, long now) {
            TokenBucket bucket = buckets.get(key);
            if (bucket == null) {
                bucket = new TokenBucket(perSecond, burst, now);
                buckets.put(key, bucket);
            }
            evict(key, now);
            return bucket.tryTake(now) ? 0 : Math.max(1, bucket.nanosUntilToken(now));
        }

        synchronized int size() {
            return buckets.size();
        }

        /** Access order puts the least recently used first; {@code current} is last, so it is never dropped. */
        private void evict(String current, long now) {
            Iterator<Map.Entry<String, TokenBucket>> it = buckets.entrySet().iterator();
            int swept = 0;
            while (it.hasNext()) {
                Map.Entry<String, TokenBucket> eldest = it.next();
                if (eldest.getKey().equals(current)) {
                    return;
                }
                if (buckets.size() > capacity) {
                    it.remove();
                } else if (swept < IDLE_SWEEP && eldest.getValue().isFull(now)) {
                    it.remove();
                    swept++;
                } else {
                    return;
                }
            }
        }
    }
}

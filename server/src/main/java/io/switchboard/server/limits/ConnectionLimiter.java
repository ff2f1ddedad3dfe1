package io.switchboard.server.limits;

import io.switchboard.protocol.CloseCode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open sessions per node and per user, and refuses the one over either limit. Thread-safe.
 */
public final class ConnectionLimiter {
    private final int maxPerNode;
    private final int maxPerUser;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> perUser = new ConcurrentHashMap<>();

    /** A limiter with the two limits. */
    public ConnectionLimiter(int maxPerNode, int maxPerUser) {
        this.maxPerNode = maxPerNode;
        this.maxPerUser = maxPerUser;
    }

    /**
     * Takes a slot for {@code userId}; returns null when granted, or the close code to refuse with. A granted
     * slot must be given back with {@link #release}.
     */
    public CloseCode acquire(String userId) {
        if (total.incrementAndGet() > maxPerNode) {
            total.decrementAndGet();
            return CloseCode.OVER_CAPACITY;
        }
        AtomicInteger count = perUser.computeIfAbsent(userId, k -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerUser) {
            count.decrementAndGet();
            total.decrementAndGet();
            return CloseCode.TOO_MANY_CONNECTIONS;
        }
        return null;
    }

    /** Gives back a slot taken by {@link #acquire}. */
    public void release(String userId) {
        total.decrementAndGet();
        perUser.computeIfPresent(userId, (k, c) -> c.decrementAndGet() <= 0 ? null : c);
    }
}

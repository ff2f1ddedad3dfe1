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
    /**
     * Open sessions per user, as boxed counts (those up to 127 are the JVM's cached instances): an entry per user
     * with a session costs the map's node only, where a mutable counter each cost 16 bytes more (issue 12).
     */
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();

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
        boolean[] full = new boolean[1];
        perUser.compute(userId, (k, count) -> {
            int n = count == null ? 0 : count;
            if (n >= maxPerUser) {
                full[0] = true;
                return count;
            }
            return n + 1;
        });
        if (full[0]) {
            total.decrementAndGet();
            return CloseCode.TOO_MANY_CONNECTIONS;
        }
        return null;
    }

    /** Gives back a slot taken by {@link #acquire}. */
    public void release(String userId) {
        total.decrementAndGet();
        perUser.computeIfPresent(userId, (k, count) -> count <= 1 ? null : count - 1);
    }
}

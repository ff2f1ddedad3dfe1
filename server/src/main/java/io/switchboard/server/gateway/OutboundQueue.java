package io.switchboard.server.gateway;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the frames handed to a socket that the network has not yet taken. Over {@code limit} frames the
 * client is judged slow only if the socket itself is backed up (its kernel and Netty buffers are full): frames
 * can also wait because the server's own event loop is busy, and that is not the client's fault. At four times
 * the limit a frame is refused whatever the cause, so memory per session stays bounded. A refused frame closes
 * the session as a slow consumer. Thread-safe: fan-out writes come from other event loops.
 */
final class OutboundQueue {
    private final AtomicInteger pending = new AtomicInteger();
    private final int limit;

    OutboundQueue(int limit) {
        this.limit = limit;
    }

    /** Reserves room for one frame; false when the client is too slow (see the class comment). */
    boolean offer(java.util.function.BooleanSupplier socketBackedUp) {
        int n = pending.incrementAndGet();
        if (n > limit * 4L || (n > limit && socketBackedUp.getAsBoolean())) {
            pending.decrementAndGet();
            return false;
        }
        return true;
    }

    /** One frame left for the network (or failed). */
    void written() {
        pending.decrementAndGet();
    }

    int pending() {
        return pending.get();
    }
}

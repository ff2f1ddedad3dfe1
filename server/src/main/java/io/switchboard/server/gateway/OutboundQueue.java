package io.switchboard.server.gateway;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.BooleanSupplier;

/**
 * Counts the frames handed to a socket that the network has not yet taken, and their bytes. Over {@code frameLimit}
 * frames or {@code byteLimit} bytes the client is judged slow only if the socket itself is backed up (its kernel
 * and Netty buffers are full): frames can also wait because the server's own event loop is busy, and that is not
 * the client's fault. At four times either limit a frame is refused whatever the cause, so memory per session
 * stays bounded. A refused frame closes the session as a slow consumer. Thread-safe: fan-out writes come from
 * other event loops. The counters are plain volatile fields updated atomically rather than two atomic objects: one
 * of these is made per connection, and an idle one should cost little.
 */
final class OutboundQueue {
    /** Why a frame was refused. */
    enum Overflow { FRAMES, BYTES }

    private static final AtomicIntegerFieldUpdater<OutboundQueue> PENDING =
            AtomicIntegerFieldUpdater.newUpdater(OutboundQueue.class, "pending");
    private static final AtomicLongFieldUpdater<OutboundQueue> BYTES =
            AtomicLongFieldUpdater.newUpdater(OutboundQueue.class, "bytes");
    private volatile int pending;
    private volatile long bytes;
    private final int frameLimit;
    private final long byteLimit;

    OutboundQueue(int frameLimit, long byteLimit) {
        this.frameLimit = frameLimit;
        this.byteLimit = byteLimit;
    }

    /** Reserves room for one frame of {@code cost} bytes; null when it fits, else what overflowed. */
    Overflow offer(int cost, BooleanSupplier socketBackedUp) {
        int n = PENDING.incrementAndGet(this);
        long b = BYTES.addAndGet(this, cost);
        Overflow over = null;
        if (n > frameLimit * 4L || (n > frameLimit && socketBackedUp.getAsBoolean())) {
            over = Overflow.FRAMES;
        } else if (b > byteLimit * 4 || (b > byteLimit && socketBackedUp.getAsBoolean())) {
            over = Overflow.BYTES;
        }
        if (over != null) {
            written(cost);
        }
        return over;
    }

    /** One frame of {@code cost} bytes left for the network (or failed). */
    void written(int cost) {
        PENDING.decrementAndGet(this);
        BYTES.addAndGet(this, -cost);
    }

    int pending() {
        return pending;
    }

    long bytes() {
        return bytes;
    }
}

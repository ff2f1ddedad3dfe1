package io.switchboard.server.gateway;

import java.util.function.BooleanSupplier;

/**
 * Counts the frames written to a socket that the network has not yet taken, and their bytes. Over {@code frameLimit}
 * frames or {@code byteLimit} bytes the client is judged slow only if the socket itself is backed up (its kernel
 * and Netty buffers are full): frames can also wait because the server's own event loop is busy, and that is not
 * the client's fault. At four times either limit a frame is refused whatever the cause, so memory per session
 * stays bounded. A refused frame closes the session as a slow consumer.
 *
 * <p>Updated on the socket's event loop only (writes and their completions both run there), read from any thread:
 * the counters are volatile with a single writer, so a write costs no atomic instruction.
 */
final class OutboundQueue {
    /** Why a frame was refused. */
    enum Overflow { FRAMES, BYTES }

    private volatile int pending;
    private volatile long bytes;
    private final int frameLimit;
    private final long byteLimit;

    OutboundQueue(int frameLimit, long byteLimit) {
        this.frameLimit = frameLimit;
        this.byteLimit = byteLimit;
    }

    /** Counts one frame of {@code cost} bytes when it fits; returns null then, else what overflowed (nothing counted). */
    Overflow offer(int cost, BooleanSupplier socketBackedUp) {
        int n = pending + 1;
        long b = bytes + cost;
        if (n > frameLimit * 4L || (n > frameLimit && socketBackedUp.getAsBoolean())) {
            return Overflow.FRAMES;
        }
        if (b > byteLimit * 4 || (b > byteLimit && socketBackedUp.getAsBoolean())) {
            return Overflow.BYTES;
        }
        pending = n;
        bytes = b;
        return null;
    }

    /** {@code frames} frames of {@code cost} bytes in all left for the network (or failed with the connection). */
    void written(int frames, long cost) {
        pending = pending - frames;
        bytes = bytes - cost;
    }

    int pending() {
        return pending;
    }

    long bytes() {
        return bytes;
    }
}

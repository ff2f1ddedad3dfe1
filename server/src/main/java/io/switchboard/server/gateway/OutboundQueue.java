package io.switchboard.server.gateway;

import io.switchboard.server.outbound.SocketOutput;

/**
 * A session's limits on its socket's outbound backlog, as Netty's outbound buffer holds it ({@link SocketOutput}).
 * Over {@code frameLimit} frames or {@code byteLimit} bytes the client is judged slow only if the socket itself is
 * backed up (its kernel and Netty buffers are full): frames can also wait because the server's own event loop is
 * busy, and that is not the client's fault. At four times either limit a frame is refused whatever the cause, so
 * memory per session stays bounded. A refused frame closes the session as a slow consumer.
 */
final class OutboundQueue {
    /** Why a frame was refused. */
    enum Overflow { FRAMES, BYTES }

    private final SocketOutput output;
    private final int frameLimit;
    private final long byteLimit;

    OutboundQueue(SocketOutput output, int frameLimit, long byteLimit) {
        this.output = output;
        this.frameLimit = frameLimit;
        this.byteLimit = byteLimit;
    }

    /** Whether one more frame of {@code cost} bytes fits: null then, else what it would overflow. On the loop. */
    Overflow offer(int cost) {
        int n = output.pendingFrames() + 1;
        long b = output.backlogBytes() + cost;
        if (n > frameLimit * 4L || (n > frameLimit && !output.writable())) {
            return Overflow.FRAMES;
        }
        if (b > byteLimit * 4 || (b > byteLimit && !output.writable())) {
            return Overflow.BYTES;
        }
        return null;
    }
}

package io.switchboard.server.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.switchboard.server.limits.OutboundBudget;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A socket's outbound backlog: the frames written to it that the kernel has not taken yet, as Netty's outbound
 * buffer counts them (bytes plus a per-frame overhead). Read from that buffer rather than counted per write: a
 * write then needs no promise to learn when its bytes left. Over {@code frameLimit} frames or {@code byteLimit}
 * bytes the client is judged slow only if the socket itself is backed up (its kernel and Netty buffers are full):
 * frames can also wait because the server's own event loop is busy, and that is not the client's fault. At four
 * times either limit a frame is refused whatever the cause, so memory per session stays bounded. A refused frame
 * closes the session as a slow consumer.
 *
 * <p>The node's {@link OutboundBudget} learns each backlog's changes by {@link #report}: after each batch of
 * writes, and from the gateway's periodic look, which catches the backlogs that drained since.
 */
final class OutboundQueue {
    /** Why a frame was refused. */
    enum Overflow { FRAMES, BYTES }

    private static final VarHandle REPORTED;

    static {
        try {
            REPORTED = MethodHandles.lookup().findVarHandle(OutboundQueue.class, "reported", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Channel channel;
    private final int frameLimit;
    private final long byteLimit;
    /** The backlog as last reported to the budget. */
    private volatile long reported;

    OutboundQueue(Channel channel, int frameLimit, long byteLimit) {
        this.channel = channel;
        this.frameLimit = frameLimit;
        this.byteLimit = byteLimit;
    }

    /** Whether one more frame of {@code cost} bytes fits: null then, else what it would overflow. On the loop. */
    Overflow offer(int cost) {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        if (out == null) {
            return null; // closed: the write fails with the connection
        }
        int n = out.size() + 1;
        long b = out.totalPendingWriteBytes() + cost;
        if (n > frameLimit * 4L || (n > frameLimit && !channel.isWritable())) {
            return Overflow.FRAMES;
        }
        if (b > byteLimit * 4 || (b > byteLimit && !channel.isWritable())) {
            return Overflow.BYTES;
        }
        return null;
    }

    /**
     * Tells {@code budget} how the backlog changed since the last report; returns the node's backlog. From any
     * thread: two reports that cross leave the budget off by what changed between their readings, until the next.
     */
    long report(OutboundBudget budget) {
        long now = bytes();
        long before = (long) REPORTED.getAndSet(this, now);
        return now == before ? budget.held() : budget.reserve(now - before);
    }

    /** The connection ended: whatever was reported leaves the budget. */
    void forget(OutboundBudget budget) {
        budget.release((long) REPORTED.getAndSet(this, 0L));
    }

    /** Frames waiting (an estimate off the socket's loop). */
    int pending() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.size();
    }

    /** Bytes waiting, with Netty's per-frame overhead. */
    long bytes() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }
}

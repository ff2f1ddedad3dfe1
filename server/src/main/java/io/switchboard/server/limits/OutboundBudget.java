package io.switchboard.server.limits;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's memory budget for its outbound backlog: the bytes of frames handed to sockets that the kernel has not
 * taken yet. Each connection may hold up to {@link #connectionBytes()}, all of them together up to
 * {@link #nodeBytes()}; the gateway closes the connections whose clients stopped reading, largest backlog first,
 * when the node total is reached, and publishing is refused while it is.
 *
 * <p>What counts: a frame waiting for its event loop's writer counts as its length plus {@link #FRAME_OVERHEAD}
 * per socket it is for; once written, a socket's backlog is what Netty's outbound buffer holds for it (the bytes
 * plus Netty's own per-frame overhead), reported after each batch of writes and ten times a second. A publication
 * fanned out to many sockets is one buffer in memory, shared: for large shared frames the count is an upper bound
 * of what is held; per-user events and replies are one buffer per socket, and then the count is what is held.
 * Thread-safe.
 */
public final class OutboundBudget {
    /**
     * An estimate of the objects one frame waiting for its event loop costs besides its bytes, per socket: its
     * share of the queue entry, the buffer view written to the socket, Netty's outbound-buffer entry, the header.
     */
    public static final int FRAME_OVERHEAD = 256;
    /** The share of the maximum heap the node total defaults to. */
    public static final int HEAP_DIVISOR = 4;

    private final long nodeBytes;
    private final long connectionBytes;
    private final AtomicLong held = new AtomicLong();

    /** A budget of {@code nodeBytes} for the node and {@code connectionBytes} for each connection. */
    public OutboundBudget(long nodeBytes, long connectionBytes) {
        if (nodeBytes <= 0 || connectionBytes <= 0) {
            throw new IllegalArgumentException("budgets must be positive");
        }
        this.nodeBytes = nodeBytes;
        this.connectionBytes = connectionBytes;
    }

    /** The node total when none is set: a quarter of the maximum heap. */
    public static long fromHeap(long maxHeapBytes) {
        return maxHeapBytes / HEAP_DIVISOR;
    }

    /** What a frame of {@code length} bytes counts for one socket. */
    public static int cost(int length) {
        return length + FRAME_OVERHEAD;
    }

    /** The node total. */
    public long nodeBytes() {
        return nodeBytes;
    }

    /** Each connection's share. */
    public long connectionBytes() {
        return connectionBytes;
    }

    /** Counts {@code bytes} more; returns the node's backlog with them. */
    public long reserve(long bytes) {
        return held.addAndGet(bytes);
    }

    /** {@code bytes} were written to the kernel, or dropped with their connection. */
    public void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** The node's backlog now, in bytes. */
    public long held() {
        return held.get();
    }

    /**
     * Whether the backlog has reached the node total: time to close the connections that hold the most (at the
     * total, not past it: publications are refused from there on, so the backlog may never pass it).
     */
    public boolean overNode(long backlog) {
        return backlog >= nodeBytes;
    }

    /** Whether new publications are refused now: the backlog has reached the node total. */
    public boolean full() {
        return held.get() >= nodeBytes;
    }

    /**
     * The answer to a publication while the budget is {@link #full()}: {@code unavailable}, a temporary error, so
     * the publisher retries later rather than the node queueing without bound.
     */
    public static ProtocolException publishRefused() {
        return new ProtocolException(ErrorCode.UNAVAILABLE,
                "the node's outbound backlog is at its budget; retry later");
    }

    /** What closing the largest backlogs aims at: three quarters of the total, so that closes come in rounds. */
    public long shedTarget() {
        return nodeBytes / 4 * 3;
    }
}

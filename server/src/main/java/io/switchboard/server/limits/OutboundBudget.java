package io.switchboard.server.limits;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's memory budget for its outbound backlog: the bytes of frames handed to sockets that the kernel has not
 * taken yet (waiting for a socket's event loop, or in its Netty outbound buffer). Each connection may hold up to
 * {@link #connectionBytes()}, all of them together up to {@link #nodeBytes()}; the gateway closes the connections
 * with the largest backlog when the node total is passed, and publishing is refused while it is reached.
 *
 * <p>A frame counts once per socket it waits for, as its length plus {@link #FRAME_OVERHEAD}: a frame shared by
 * many sockets (one publication fanned out) is one array in memory, so for large shared frames the count is an
 * upper bound of what is held; frames up to 1 KiB are copied per socket by Netty's WebSocket encoder, and
 * compressed ones are per socket too, so for those the count is what is held. Thread-safe.
 */
public final class OutboundBudget {
    /**
     * An estimate of the objects one queued frame costs besides its bytes, per socket: the frame and buffer
     * wrappers, the promise and its listener, the task that hands it to the socket's event loop, Netty's
     * outbound-buffer entry and the frame header.
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

package io.switchboard.server.outbound;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.switchboard.server.limits.OutboundBudget;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What a WebSocket's frames go through on its event loop, whoever speaks on it (a gateway session, a Socket.IO
 * session): views of shared frames written without a promise each, one flush per batch, and the backlog Netty
 * holds for the socket, reported to the node's {@link OutboundBudget}. Reading the backlog from Netty's outbound
 * buffer rather than counting it per write spares a promise per frame.
 */
public final class SocketOutput {
    /**
     * Frames a socket holds unflushed at most: enough for one gathering write to pay off (Netty writes at most 1,024
     * buffers per {@code writev}), and well under a connection's frame limit, which counts them.
     */
    static final int MAX_UNFLUSHED_FRAMES = 256;
    /**
     * Bytes a socket holds unflushed at most: half the smallest connection share ({@code outbound-connection-bytes}),
     * so a client that reads is never judged by bytes the server kept back.
     */
    static final int MAX_UNFLUSHED_BYTES = 32 * 1024;
    private static final VarHandle REPORTED;

    static {
        try {
            REPORTED = MethodHandles.lookup().findVarHandle(SocketOutput.class, "reported", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ChannelHandlerContext channel;
    /** How each frame is carried when the socket is not a WebSocket (an HTTP stream); null: written as it is. */
    private final FrameFraming framing;
    /** The backlog as last reported to the budget. */
    private volatile long reported;
    /** The frame at the head of Netty's outbound buffer at the last {@link #look}, and how far it was written. */
    private Object seenHead;
    private int seenIndex;
    /**
     * When the last {@link #look} ran, and the last one that found the kernel had taken bytes from this socket (or
     * nothing waiting).
     */
    private volatile long lookedNanos = System.nanoTime();
    private volatile long movedNanos = lookedNanos;
    /** Made on the first write: an idle connection does without. Loop only. */
    private VoidChannelPromise voidPromise;
    /** Whether frames were written since the last {@link #flush()}. Loop only. */
    private boolean inBatch;
    /**
     * Frames written and not flushed yet: Netty counts only flushed ones, and the writer may write several batches
     * before it flushes. Written on the loop only; plain, not volatile (a fence per frame), so off the loop it is
     * read as an estimate.
     */
    private int unflushed;
    /** The bytes of those frames. Loop only. */
    private int unflushedBytes;

    /** The output of the socket whose Netty handler context is {@code channel}: frames enter the pipeline there. */
    public SocketOutput(ChannelHandlerContext channel) {
        this(channel, null);
    }

    /**
     * The output of a socket whose frames enter the pipeline at {@code channel}, each carried as {@code framing} says
     * (null: the WebSocket frame as it is).
     */
    public SocketOutput(ChannelHandlerContext channel, FrameFraming framing) {
        this.channel = framing == null ? pastEncoders(channel) : channel;
        this.framing = framing;
    }

    /**
     * Where a WebSocket's whole frames enter its pipeline: at its frame encoder, so they go on from there toward the
     * socket. The encoders (frames, permessage-deflate) sit between the socket's handler and this one and let raw
     * bytes through unchanged, at the cost of a hop and a type check each per frame; what lies beyond it (TLS) sees
     * bytes whichever way they came. Frames written as objects through the socket's handler (close, pong) still
     * meet the encoders, in order with these: every write reaches Netty's outbound buffer before it returns.
     */
    private static ChannelHandlerContext pastEncoders(ChannelHandlerContext channel) {
        ChannelHandlerContext encoder = channel == null ? null : channel.pipeline().context(WebSocketFrameEncoder.class);
        return encoder == null ? channel : encoder;
    }

    /**
     * On the loop: writes a view of the shared {@code frame} (its bytes are not copied, its reference is not taken)
     * without flushing. Returns true when it is the first frame since the last {@link #flush()}.
     */
    public boolean write(ByteBuf frame) {
        return written(frame.readableBytes(), framing == null ? frame.retainedDuplicate() : framing.frame(channel.alloc(), frame));
    }

    /**
     * On the loop: writes a frame made for this socket alone, taking over the caller's reference (no view of it is
     * made: a per-socket frame has no other reader). Otherwise as {@link #write}.
     */
    public boolean writeOwned(ByteBuf frame) {
        if (framing == null) {
            return written(frame.readableBytes(), frame);
        }
        try {
            return written(frame.readableBytes(), framing.frame(channel.alloc(), frame));
        } finally {
            frame.release();
        }
    }

    private boolean written(int bytes, ByteBuf out) {
        VoidChannelPromise noPromise = voidPromise;
        if (noPromise == null) {
            // A write fails only with its connection, whose close ends the session: nothing to report per frame.
            noPromise = voidPromise = new VoidChannelPromise(channel.channel(), false);
        }
        channel.write(out, noPromise);
        unflushedBytes += bytes;
        if (++unflushed >= MAX_UNFLUSHED_FRAMES || unflushedBytes >= MAX_UNFLUSHED_BYTES) {
            // Enough for one system call: given to the socket now rather than at the end of the writer's batch.
            unflushed = 0;
            unflushedBytes = 0;
            channel.flush();
        }
        if (inBatch) {
            return false;
        }
        inBatch = true;
        return true;
    }

    /** On the loop: flushes what the batch wrote. */
    public void flush() {
        inBatch = false;
        unflushed = 0;
        unflushedBytes = 0;
        channel.flush();
    }

    /** Whether the socket takes more without passing its write buffer's high-water mark. */
    public boolean writable() {
        return channel.channel().isWritable();
    }

    /** Bytes waiting for the kernel, with Netty's per-frame overhead; any thread. */
    public long backlogBytes() {
        ChannelOutboundBuffer out = channel.channel().unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    /** Frames written and not yet taken by the kernel, flushed or not (exact on the loop, an estimate off it). */
    public int pendingFrames() {
        ChannelOutboundBuffer out = channel.channel().unsafe().outboundBuffer();
        return (out == null ? 0 : out.size()) + unflushed;
    }

    /**
     * Looks whether the kernel took anything from this socket since the last look: the frame at the head of Netty's
     * outbound buffer changed, or was written further, or nothing waits. A socket whose client stopped reading keeps
     * the same head with the same position; one that reads, however far behind, moves it. Called by one thread at a
     * time (the gateway's periodic look), off the loop: a racy reading only makes the socket look as if it moved.
     */
    public void look(long nowNanos) {
        ChannelOutboundBuffer out = channel.channel().unsafe().outboundBuffer();
        Object head = out == null ? null : out.current();
        int index = head instanceof ByteBuf buf ? buf.readerIndex() : 0;
        if (head == null || head != seenHead || index != seenIndex) {
            movedNanos = nowNanos;
        }
        seenHead = head;
        seenIndex = index;
        lookedNanos = nowNanos;
    }

    /**
     * How long the kernel had taken nothing from this socket while frames waited, as the last {@link #look} saw it.
     * Measured between looks, not up to now: when the looks come late (the node's loops are busy), a socket that
     * was read from between them must not look stalled for that long.
     */
    public long stalledNanos() {
        return lookedNanos - movedNanos;
    }

    /**
     * Tells {@code budget} how the backlog changed since the last report; returns the node's backlog. From any
     * thread: two reports that cross leave the budget off by what changed between their readings, until the next.
     */
    public long report(OutboundBudget budget) {
        long now = backlogBytes();
        long before = (long) REPORTED.getAndSet(this, now);
        return now == before ? budget.held() : budget.reserve(now - before);
    }

    /** The connection ended: whatever was reported leaves the budget. */
    public void forget(OutboundBudget budget) {
        budget.release((long) REPORTED.getAndSet(this, 0L));
    }
}

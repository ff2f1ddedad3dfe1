package io.switchboard.server.socketio;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.switchboard.protocol.CloseCode;
import io.switchboard.server.limits.OutboundBudget;
import io.switchboard.server.outbound.FrameTarget;
import io.switchboard.server.outbound.LoopWriter;
import io.switchboard.server.outbound.SocketOutput;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where an Engine.IO session's WebSocket writes: every frame leaves through the {@link LoopWriter} of the socket's
 * event loop, as the gateway's sessions' frames do, so that frames keep their order, a publication encoded once is
 * shared by all its sockets, and a socket is flushed once per batch with no promise per frame. Its backlog is what
 * Netty holds for the socket; past {@code maxBufferedBytes} (or past a sixteenth of it while the node is over its
 * budget) the session is closed as too slow. The node's budget learns that backlog after each batch of writes and
 * from the server's periodic look ({@link #report}), as it learns the gateway's sessions' backlogs.
 */
final class WebSocketOut implements FrameTarget {
    private final LoopWriter writer;
    private final EngineSession session;
    private final long maxBufferedBytes;
    private final OutboundBudget budget;
    /** Frames handed to the writer that it has not written yet. */
    private final AtomicInteger queued = new AtomicInteger();
    private final SocketOutput output;
    private volatile boolean ended;

    WebSocketOut(ChannelHandlerContext channel, LoopWriter writer, EngineSession session, long maxBufferedBytes,
                 OutboundBudget budget) {
        this.output = new SocketOutput(channel);
        this.writer = writer;
        this.session = session;
        this.maxBufferedBytes = maxBufferedBytes;
        this.budget = budget;
    }

    /** Sends one Engine.IO packet as a text frame; from any thread, in the order of the calls. */
    void send(String packet) {
        if (!ended) {
            queued.incrementAndGet();
            writer.send(this, packet.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Sends a text frame encoded once for many sockets; from any thread, in order with {@link #send}. */
    void send(ByteBuf frame, int cost) {
        if (!ended) {
            queued.incrementAndGet();
            writer.write(this, frame, cost);
        }
    }

    /** Nothing more is written (the session ended): what it reported leaves the budget. */
    void end() {
        ended = true;
        output.forget(budget);
    }

    /**
     * Tells the budget how the backlog changed since the last report; from any thread (two reports that cross leave
     * it off by what changed between their readings, until the next). Returns the node's backlog.
     */
    long report() {
        if (ended) {
            return budget.held();
        }
        long held = output.report(budget);
        if (ended) {
            // Ended while this read: what it reserved leaves with the rest.
            output.forget(budget);
        }
        return held;
    }

    /** Frames not yet taken by the network (an estimate off the loop). */
    int pending() {
        return queued.get() + output.pendingFrames();
    }

    @Override
    public LoopWriter writer() {
        return writer;
    }

    @Override
    public boolean write(ByteBuf frame, int cost) {
        queued.decrementAndGet();
        if (ended) {
            return false;
        }
        long mine = output.backlogBytes() + cost;
        if (mine > maxBufferedBytes || (budget.overNode(budget.held()) && mine > maxBufferedBytes / 16)) {
            end();
            session.execute(() -> session.fail(CloseCode.SLOW_CONSUMER.code(), CloseCode.SLOW_CONSUMER.reason(),
                    "transport error"));
            return false;
        }
        // A view of the shared bytes: nothing is copied per socket.
        return output.write(frame);
    }

    @Override
    public void endBatch() {
        output.flush();
        report();
    }
}

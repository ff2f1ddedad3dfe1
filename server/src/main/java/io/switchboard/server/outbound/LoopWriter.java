package io.switchboard.server.outbound;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.switchboard.server.limits.OutboundBudget;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes frames to the sockets of one event loop in batches. A publication fanned out to many sockets of this loop
 * costs one queue entry and shares one encoded buffer; the loop runs one task for whatever was queued meanwhile,
 * writes each frame without a promise, and flushes each socket it wrote to once when the queue is empty (or after
 * {@link #MAX_WRITES_PER_FLUSH} frames). Frames for one socket leave in the order they were handed over, from
 * whatever thread.
 *
 * <p>Bounded: what is queued here counts against the node's {@link OutboundBudget} until the loop wrote and flushed
 * it (then against each socket's backlog until the kernel takes it), and publishing is refused while the budget is
 * full.
 */
public final class LoopWriter {
    /** Frames written by one batch at most before the loop serves its other tasks. */
    static final int MAX_WRITES_PER_BATCH = 16_384;
    /**
     * Frames written at most between two flushes. The sockets are flushed when the queue is empty rather than after
     * every batch: at saturation a socket's frames of many batches then leave in one system call (a flush per batch
     * of 16,384 frames gave 35 frames per {@code writev} with 500 sockets on a loop, a third of the node's time in the
     * kernel's send path). This bounds how long frames wait unflushed when the queue never empties.
     */
    static final int MAX_WRITES_PER_FLUSH = 16 * MAX_WRITES_PER_BATCH;

    private final EventExecutor loop;
    private final OutboundBudget budget;
    private final Runnable overBudget;
    private final Queue<Entry> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** The targets written to since the last flush; touched on the loop only. */
    private final ArrayList<FrameTarget> written = new ArrayList<>();
    /** Frames written since the last flush; loop only. */
    private int unflushedWrites;
    /**
     * The queued cost of the entries written since the last flush; loop only. It stays in the budget until the flush,
     * where the sockets report what Netty holds for them: between the two the bytes are counted once, not never.
     */
    private long unflushedCost;
    private final Runnable drain = this::drain;
    /** Records, once per batch, how long its oldest frame waited; null: not measured. */
    private final Timer latency;

    /**
     * A writer for the sockets of {@code loop}, whose queue counts against {@code budget}; {@code overBudget} runs
     * (on the caller's thread, it must not block) when a frame handed over brings the node's backlog past it.
     */
    public LoopWriter(EventExecutor loop, OutboundBudget budget, Runnable overBudget) {
        this(loop, budget, overBudget, null);
    }

    /**
     * As above, and {@code latency} (null: none) records once per batch how long the batch's oldest frame waited
     * between its hand-over and its write to the socket: the delivery latency an operator watches, measured without
     * a sample per delivery.
     */
    public LoopWriter(EventExecutor loop, OutboundBudget budget, Runnable overBudget, Timer latency) {
        this.loop = loop;
        this.budget = budget;
        this.overBudget = overBudget;
        this.latency = latency;
    }

    /** Whether the caller runs on this writer's event loop. */
    public boolean onLoop() {
        return loop.inEventLoop();
    }

    /**
     * From any thread: writes {@code frame}, a publication of {@code channel}, to the first {@code count} targets that
     * live on this loop and are still {@link FrameTarget#subscribed subscribed} to it when the loop gets to them. Takes
     * its own reference to the frame; the array must not change afterwards.
     */
    public void fanOut(String channel, FrameTarget[] targets, int count, ByteBuf frame, int cost) {
        enqueue(new Entry(channel, targets, null, count, frame.retain(), false, cost, System.nanoTime()));
    }

    /** From any thread: encodes {@code payload} as a text frame and writes it to {@code target}, in order. */
    public void send(FrameTarget target, byte[] payload) {
        ByteBuf frame = WebSocketFrames.text(ByteBufAllocator.DEFAULT, payload);
        int cost = OutboundBudget.cost(payload.length);
        if (loop.inEventLoop() && pending.isEmpty()) {
            // Nothing queued ahead of it: written now, flushed with the loop's batch.
            if (target.writeOwned(frame, cost)) {
                written.add(target);
            }
            schedule();
            return;
        }
        enqueue(new Entry(null, null, target, 1, frame, true, cost, System.nanoTime()));
    }

    /**
     * From any thread: writes a frame encoded once for many sockets ({@link WebSocketFrames}) to one {@code target},
     * in order with what {@link #send} hands over for it. Takes its own reference to the frame.
     */
    public void write(FrameTarget target, ByteBuf frame, int cost) {
        if (loop.inEventLoop() && pending.isEmpty()) {
            if (target.write(frame, cost)) {
                written.add(target);
            }
            schedule();
            return;
        }
        enqueue(new Entry(null, null, target, 1, frame.retain(), false, cost, System.nanoTime()));
    }

    private void enqueue(Entry entry) {
        long backlog = budget.reserve(entry.queuedCost());
        pending.add(entry);
        schedule();
        if (budget.overNode(backlog)) {
            overBudget.run();
        }
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(drain);
        }
    }

    private void drain() {
        // Cleared first: an entry queued while this runs schedules the next batch rather than being missed.
        scheduled.set(false);
        int writes = 0;
        long oldest = 0;
        boolean any = false;
        Entry e;
        while (writes < MAX_WRITES_PER_BATCH && (e = pending.poll()) != null) {
            if (!any) {
                // The queue is in hand-over order: the first entry of the batch waited longest.
                oldest = e.handedAt;
                any = true;
            }
            try {
                if (e.owned) {
                    if (e.target.writeOwned(e.frame, e.cost)) {
                        written.add(e.target);
                    }
                } else if (e.target != null) {
                    if (e.target.write(e.frame, e.cost)) {
                        written.add(e.target);
                    }
                } else {
                    FrameTarget[] targets = e.targets;
                    for (int i = 0; i < e.count; i++) {
                        if (targets[i].subscribed(e.channel) && targets[i].write(e.frame, e.cost)) {
                            written.add(targets[i]);
                        }
                    }
                }
            } finally {
                if (!e.owned) {
                    e.frame.release();
                }
                unflushedCost += e.queuedCost();
            }
            writes += e.count;
        }
        unflushedWrites += writes;
        if (any && latency != null) {
            latency.record(System.nanoTime() - oldest, TimeUnit.NANOSECONDS);
        }
        // Whatever stays queued has a batch of its own scheduled (by this one or by its hand-over), which flushes.
        boolean more = !pending.isEmpty();
        if (!more || unflushedWrites >= MAX_WRITES_PER_FLUSH) {
            flush();
        }
        if (more) {
            schedule();
        }
    }

    /** Ends the batch of every socket written to since the last flush: each flushes and reports its backlog. */
    private void flush() {
        budget.release(unflushedCost);
        unflushedCost = 0;
        unflushedWrites = 0;
        for (int i = 0, n = written.size(); i < n; i++) {
            written.get(i).endBatch();
        }
        written.clear();
    }

    /**
     * Frames for many targets (targets set: a publication of {@code channel}) or for one (target set), handed over at
     * {@code handedAt} (nanoTime); an owned frame was made for its one target, which takes the entry's reference over.
     */
    private record Entry(String channel, FrameTarget[] targets, FrameTarget target, int count, ByteBuf frame, boolean owned,
                         int cost, long handedAt) {
        long queuedCost() {
            return (long) cost * count;
        }
    }
}

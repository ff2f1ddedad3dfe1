package io.switchboard.bench.baseline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pushed frames waiting to reach the user sockets of one event loop. A push request costs this loop one queue entry
 * and the loop one task however many requests queued meanwhile: the task writes every frame to its socket and then
 * flushes each socket once ({@link BatchWrites}). Everything but {@link #offer} runs on the loop.
 */
final class LoopPush {
    private final EventLoop loop;
    private final Queue<List<Delivery>> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final BatchWrites writes = new BatchWrites();

    LoopPush(EventLoop loop) {
        this.loop = loop;
    }

    /** One frame for one socket of this loop; the frame's reference goes with it. */
    record Delivery(BatchWrites.Target to, ByteBuf frame) {
    }

    /** From any thread: queues one request's deliveries to this loop's sockets, in their order. */
    void offer(List<Delivery> batch) {
        pending.add(batch);
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
    }

    private void drain() {
        // Cleared first: a batch offered while this runs schedules the next drain rather than being missed.
        scheduled.set(false);
        List<Delivery> batch;
        while ((batch = pending.poll()) != null) {
            for (int i = 0, n = batch.size(); i < n; i++) {
                Delivery d = batch.get(i);
                if (d.to().channel.isActive()) {
                    writes.write(d.to(), d.frame());
                } else {
                    d.frame().release();
                }
            }
        }
        writes.flush();
    }
}

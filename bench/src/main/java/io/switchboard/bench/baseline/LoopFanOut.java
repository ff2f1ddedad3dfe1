package io.switchboard.bench.baseline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The subscribers that live on one event loop, and the publications waiting to reach them. A publication costs
 * this loop one queue entry, and the loop one task however many publications queued meanwhile: the task writes
 * every pending frame to every subscriber and then flushes each socket it wrote to once ({@link BatchWrites}).
 * Everything but {@link #offer} runs on the loop.
 */
final class LoopFanOut {
    private final EventLoop loop;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Each channel's subscribers here: one socket's membership in one channel is one target. */
    private final Map<String, List<BatchWrites.Target>> byChannel = new HashMap<>();
    private final BatchWrites writes = new BatchWrites();

    LoopFanOut(EventLoop loop) {
        this.loop = loop;
    }

    private record Pending(String channel, ByteBuf frame) {
    }

    /** From any thread: queues {@code frame} (whose reference this takes over) for the channel's subscribers here. */
    void offer(String channel, ByteBuf frame) {
        pending.add(new Pending(channel, frame));
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
    }

    /** On the loop: adds the socket to the channel (a second subscribe changes nothing). */
    void subscribe(String channel, Channel socket) {
        List<BatchWrites.Target> subs = byChannel.computeIfAbsent(channel, c -> new ArrayList<>());
        for (BatchWrites.Target s : subs) {
            if (s.channel == socket) {
                return;
            }
        }
        subs.add(new BatchWrites.Target(socket));
    }

    /** On the loop: removes the socket from the channel. */
    void unsubscribe(String channel, Channel socket) {
        List<BatchWrites.Target> subs = byChannel.get(channel);
        if (subs != null) {
            subs.removeIf(s -> s.channel == socket);
            if (subs.isEmpty()) {
                byChannel.remove(channel);
            }
        }
    }

    /** On the loop: removes the socket from every channel (it closed). */
    void removeEverywhere(Channel socket) {
        byChannel.values().forEach(subs -> subs.removeIf(s -> s.channel == socket));
        byChannel.values().removeIf(List::isEmpty);
    }

    private void drain() {
        // Cleared first: a publication offered while this runs schedules the next drain rather than being missed.
        scheduled.set(false);
        Pending p;
        while ((p = pending.poll()) != null) {
            List<BatchWrites.Target> subs = byChannel.get(p.channel());
            if (subs != null) {
                for (int i = 0, n = subs.size(); i < n; i++) {
                    BatchWrites.Target s = subs.get(i);
                    // A view of the one encoded frame with its own reader index; the bytes are shared, not copied.
                    writes.write(s, p.frame().retainedDuplicate());
                }
            }
            p.frame().release();
        }
        writes.flush();
    }
}

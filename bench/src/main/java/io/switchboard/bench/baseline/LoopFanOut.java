package io.switchboard.bench.baseline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
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
 * every pending frame to every subscriber (without a promise each) and then flushes each socket it wrote to once.
 * Everything but {@link #offer} runs on the loop.
 */
final class LoopFanOut {
    /** The close code of a subscriber whose unsent bytes passed the write buffer's high-water mark. */
    static final int SLOW_CONSUMER = 4100;

    private final EventLoop loop;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Map<String, List<Subscriber>> byChannel = new HashMap<>();
    private final List<Subscriber> written = new ArrayList<>();

    LoopFanOut(EventLoop loop) {
        this.loop = loop;
    }

    /** One socket's membership in one channel, with the flag that puts it once in a batch's flush list. */
    static final class Subscriber {
        final Channel channel;
        boolean dirty;
        boolean closing;

        Subscriber(Channel channel) {
            this.channel = channel;
        }
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
        List<Subscriber> subs = byChannel.computeIfAbsent(channel, c -> new ArrayList<>());
        for (Subscriber s : subs) {
            if (s.channel == socket) {
                return;
            }
        }
        subs.add(new Subscriber(socket));
    }

    /** On the loop: removes the socket from the channel. */
    void unsubscribe(String channel, Channel socket) {
        List<Subscriber> subs = byChannel.get(channel);
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
            List<Subscriber> subs = byChannel.get(p.channel());
            if (subs != null) {
                for (int i = 0, n = subs.size(); i < n; i++) {
                    Subscriber s = subs.get(i);
                    // A view of the one encoded frame with its own reader index; the bytes are shared, not copied.
                    s.channel.write(p.frame().retainedDuplicate(), s.channel.voidPromise());
                    if (!s.dirty) {
                        s.dirty = true;
                        written.add(s);
                    }
                }
            }
            p.frame().release();
        }
        for (int i = 0, n = written.size(); i < n; i++) {
            Subscriber s = written.get(i);
            s.dirty = false;
            s.channel.flush();
            if (!s.channel.isWritable() && !s.closing) {
                s.closing = true;
                s.channel.writeAndFlush(new CloseWebSocketFrame(SLOW_CONSUMER, "slow consumer"))
                        .addListener(f -> s.channel.close());
            }
        }
        written.clear();
    }
}

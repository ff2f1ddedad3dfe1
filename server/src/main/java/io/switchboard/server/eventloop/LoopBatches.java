package io.switchboard.server.eventloop;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs small tasks handed over from any thread on their context's event loop, in batches: each loop runs one task
 * for whatever was queued for it meanwhile, rather than one per call as {@code runOnContext} does — for the many
 * sockets of one loop that each get an item at once (a user's events). Each task runs in its own context, in the
 * order handed over. Contexts of many connections share a loop, which is why the batches are per loop, and why
 * this reaches into Vert.x internals (the loop of a context, running on it with the context current).
 *
 * <p>Bounded: at most {@code maxQueued} tasks wait for one loop; {@link #offer} refuses beyond.
 */
public final class LoopBatches {
    private static final Logger LOG = LoggerFactory.getLogger(LoopBatches.class);

    private final int maxQueued;
    private final Map<EventLoop, LoopQueue> loops = new ConcurrentHashMap<>();

    /** Batches that hold at most {@code maxQueued} tasks per event loop. */
    public LoopBatches(int maxQueued) {
        this.maxQueued = maxQueued;
    }

    /**
     * From any thread: runs {@code handler} with {@code item} on {@code context} (an event-loop context) in the
     * loop's next batch. False, and nothing queued, when that loop already has its bound of tasks waiting.
     */
    public <T> boolean offer(Context context, T item, Handler<T> handler) {
        ContextInternal internal = (ContextInternal) context;
        return loops.computeIfAbsent(internal.nettyEventLoop(), LoopQueue::new).offer(internal, item, handler);
    }

    private record Task<T>(ContextInternal context, T item, Handler<T> handler) {
        void run() {
            context.emit(item, handler);
        }
    }

    private final class LoopQueue {
        private final EventLoop loop;
        private final Queue<Task<?>> pending = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final Runnable drain = this::drain;

        LoopQueue(EventLoop loop) {
            this.loop = loop;
        }

        <T> boolean offer(ContextInternal context, T item, Handler<T> handler) {
            if (size.incrementAndGet() > maxQueued) {
                size.decrementAndGet();
                return false;
            }
            pending.add(new Task<>(context, item, handler));
            if (scheduled.compareAndSet(false, true)) {
                loop.execute(drain);
            }
            return true;
        }

        private void drain() {
            // Cleared first: a task added after this point schedules the next batch, so none is left waiting.
            scheduled.set(false);
            Task<?> task;
            while ((task = pending.poll()) != null) {
                size.decrementAndGet();
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // One task's failure must not strand the tasks queued behind it.
                    LOG.error("a batched task failed", e);
                }
            }
        }
    }
}

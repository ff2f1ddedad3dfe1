package io.switchboard.bench.baseline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sockets open on {@code /ws/user/<id>}, by user, readable from any thread, and each event loop's {@link
 * LoopPush}. A push request hands each loop that holds a recipient one batch of (socket, frame), however many events
 * it carries: the frames reach the sockets in request order, and two requests' frames in the order they came.
 */
final class UserSockets {
    private static final BatchWrites.Target[] NONE = new BatchWrites.Target[0];

    private final Map<String, BatchWrites.Target[]> byUser = new ConcurrentHashMap<>();
    private final Map<EventExecutor, LoopPush> byLoop = new IdentityHashMap<>();

    UserSockets(EventLoopGroup group) {
        for (EventExecutor executor : group) {
            byLoop.put(executor, new LoopPush((EventLoop) executor));
        }
    }

    /** Adds a socket of {@code user}; the returned handle removes it. */
    BatchWrites.Target add(String user, Channel socket) {
        BatchWrites.Target t = new BatchWrites.Target(socket);
        // Copy on write: a push reads the array without a lock, a connect or a close replaces it.
        byUser.merge(user, new BatchWrites.Target[] {t}, (old, one) -> {
            BatchWrites.Target[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = t;
            return grown;
        });
        return t;
    }

    void remove(String user, BatchWrites.Target t) {
        byUser.computeIfPresent(user, (u, old) -> {
            BatchWrites.Target[] left = Arrays.stream(old).filter(o -> o != t).toArray(BatchWrites.Target[]::new);
            return left.length == 0 ? null : left;
        });
    }

    /**
     * Sends {@code frames.get(i)} to every socket of {@code users.get(i)}; takes over the frames' references (a
     * user with no socket drops its frame). Call from any thread; returns once every loop has its batch queued.
     */
    void push(List<String> users, List<ByteBuf> frames) {
        Map<LoopPush, List<LoopPush.Delivery>> batches = new IdentityHashMap<>();
        for (int i = 0; i < users.size(); i++) {
            ByteBuf frame = frames.get(i);
            BatchWrites.Target[] sockets = byUser.getOrDefault(users.get(i), NONE);
            for (BatchWrites.Target t : sockets) {
                // One encoded frame; a socket beyond the first gets a view of it (own reader index, shared bytes).
                ByteBuf mine = sockets.length == 1 ? frame.retain() : frame.retainedDuplicate();
                batches.computeIfAbsent(byLoop.get(t.channel.eventLoop()), l -> new ArrayList<>())
                        .add(new LoopPush.Delivery(t, mine));
            }
            frame.release();
        }
        batches.forEach(LoopPush::offer);
    }
}

package io.switchboard.bench.baseline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Every event loop's {@link LoopFanOut}: a publication is handed to each loop once, not to each subscriber. */
final class FanOut {
    private final List<LoopFanOut> loops = new ArrayList<>();
    private final Map<EventExecutor, LoopFanOut> byLoop = new IdentityHashMap<>();

    FanOut(EventLoopGroup group) {
        for (EventExecutor executor : group) {
            LoopFanOut loop = new LoopFanOut((EventLoop) executor);
            loops.add(loop);
            byLoop.put(executor, loop);
        }
    }

    /** The fan-out state of the loop a socket lives on. */
    LoopFanOut of(EventLoop loop) {
        return byLoop.get(loop);
    }

    /** Sends the encoded frame to the channel's subscribers on every loop; takes over the caller's reference. */
    void publish(String channel, ByteBuf frame) {
        for (LoopFanOut loop : loops) {
            loop.offer(channel, frame.retain());
        }
        frame.release();
    }
}

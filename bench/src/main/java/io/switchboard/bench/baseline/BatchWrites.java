package io.switchboard.bench.baseline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes of one event loop's batch, as cheap as Netty allows: each frame written without a promise, each socket
 * written to flushed once when the batch ends, not once per frame. A socket whose unsent bytes passed the write
 * buffer's high-water mark is then closed with 4100. Used on its loop only.
 */
final class BatchWrites {
    /** The close code of a socket whose unsent bytes passed the write buffer's high-water mark. */
    static final int SLOW_CONSUMER = 4100;

    private final List<Target> written = new ArrayList<>();

    /** A socket as a batch sees it: the flag that puts it once in the flush list, and whether it is being closed. */
    static final class Target {
        final Channel channel;
        private boolean dirty;
        private boolean closing;

        Target(Channel channel) {
            this.channel = channel;
        }
    }

    /** Writes {@code frame} (whose reference this takes over) to the socket, to be flushed by {@link #flush}. */
    void write(Target t, ByteBuf frame) {
        t.channel.write(frame, t.channel.voidPromise());
        if (!t.dirty) {
            t.dirty = true;
            written.add(t);
        }
    }

    /** Ends the batch: flushes every socket written to once, and closes those that fell too far behind. */
    void flush() {
        for (int i = 0, n = written.size(); i < n; i++) {
            Target t = written.get(i);
            t.dirty = false;
            t.channel.flush();
            if (!t.channel.isWritable() && !t.closing) {
                t.closing = true;
                t.channel.writeAndFlush(new CloseWebSocketFrame(SLOW_CONSUMER, "slow consumer"))
                        .addListener(f -> t.channel.close());
            }
        }
        written.clear();
    }
}

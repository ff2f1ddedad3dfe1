package io.switchboard.server.outbound;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * How a socket that is not a WebSocket carries the frames encoded once for WebSockets ({@link WebSocketFrames}): an
 * HTTP stream writes the frame's JSON payload between its own prefix and suffix. The payload is not copied: the
 * result shares the frame's bytes.
 */
@FunctionalInterface
public interface FrameFraming {
    /**
     * What to write for the shared WebSocket {@code frame} (do not release it, nor keep it past the call without a
     * reference of your own); the caller owns the result. On the socket's event loop.
     */
    ByteBuf frame(ByteBufAllocator alloc, ByteBuf frame);
}

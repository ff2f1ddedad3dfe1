package io.switchboard.bench.baseline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes a whole server-to-client WebSocket text frame (header and payload) into one buffer, so that one
 * publication is encoded once however many sockets it goes to: the buffer is written to each of them as raw bytes,
 * past Netty's frame encoder, which would otherwise copy the payload into a new buffer per socket.
 */
final class WebSocketFrames {
    private static final int FIN_TEXT = 0x81;

    private WebSocketFrames() {
    }

    /** One unmasked, final text frame carrying {@code payload}; the caller owns the returned buffer. */
    static ByteBuf text(ByteBufAllocator alloc, byte[]... payload) {
        int length = 0;
        for (byte[] part : payload) {
            length += part.length;
        }
        int header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
        ByteBuf frame = alloc.directBuffer(header + length);
        frame.writeByte(FIN_TEXT);
        if (length < 126) {
            frame.writeByte(length);
        } else if (length < 65_536) {
            frame.writeByte(126);
            frame.writeShort(length);
        } else {
            frame.writeByte(127);
            frame.writeLong(length);
        }
        for (byte[] part : payload) {
            frame.writeBytes(part);
        }
        return frame;
    }
}

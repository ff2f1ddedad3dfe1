package io.switchboard.server.outbound;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes a whole server-to-client WebSocket frame, header and payload, into one buffer: written as raw bytes to any
 * number of sockets, it is encoded once however many receive it (Netty's frame encoder would make a new buffer per
 * socket).
 */
public final class WebSocketFrames {
    private static final int FIN_TEXT = 0x81;
    private static final int FIN_BINARY = 0x82;

    private WebSocketFrames() {
    }

    /** One unmasked, final, uncompressed text frame carrying {@code payload} (UTF-8); the caller owns the buffer. */
    public static ByteBuf text(ByteBufAllocator alloc, byte[] payload) {
        return frame(alloc, FIN_TEXT, payload);
    }

    /** One unmasked, final, uncompressed binary frame carrying {@code payload}; the caller owns the buffer. */
    public static ByteBuf binary(ByteBufAllocator alloc, byte[] payload) {
        return frame(alloc, FIN_BINARY, payload);
    }

    private static ByteBuf frame(ByteBufAllocator alloc, int firstByte, byte[] payload) {
        return frame(alloc, firstByte, payload, payload.length);
    }

    /**
     * One unmasked frame whose first byte (FIN, RSV bits, opcode) is {@code firstByte}, carrying the first
     * {@code length} bytes of {@code payload}; the caller owns the buffer.
     */
    static ByteBuf frame(ByteBufAllocator alloc, int firstByte, byte[] payload, int length) {
        ByteBuf frame = alloc.directBuffer(headerLength(length) + length);
        frame.writeByte(firstByte);
        if (length < 126) {
            frame.writeByte(length);
        } else if (length < 65_536) {
            frame.writeByte(126);
            frame.writeShort(length);
        } else {
            frame.writeByte(127);
            frame.writeLong(length);
        }
        frame.writeBytes(payload, 0, length);
        return frame;
    }

    /** The length of the payload of a frame encoded here, read from its header. */
    public static int payloadLength(ByteBuf frame) {
        int i = frame.readerIndex();
        int len = frame.getByte(i + 1) & 0x7f;
        return len < 126 ? len : len == 126 ? frame.getUnsignedShort(i + 2) : (int) frame.getLong(i + 2);
    }

    /**
     * The payload of a frame made by {@link #text} (or any unmasked server frame): a slice sharing its bytes, without
     * a reference of its own.
     */
    public static ByteBuf payload(ByteBuf frame) {
        int start = frame.readerIndex();
        int length = frame.getUnsignedByte(start + 1) & 0x7f;
        int header = 2;
        if (length == 126) {
            length = frame.getUnsignedShort(start + 2);
            header = 4;
        } else if (length == 127) {
            length = (int) frame.getLong(start + 2);
            header = 10;
        }
        return frame.slice(start + header, length);
    }

    static int headerLength(int payloadLength) {
        return payloadLength < 126 ? 2 : payloadLength < 65_536 ? 4 : 10;
    }
}

package io.switchboard.server.outbound;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Server-to-client WebSocket frames compressed per RFC 7692 (permessage-deflate), encoded whole like
 * {@link WebSocketFrames} so that one compressed frame serves every socket that agreed to the extension. The node
 * agrees to it with {@code server_no_context_takeover} only: each message is compressed on its own, never against
 * the messages before it, which is what lets one frame be shared by sockets that received different messages before.
 *
 * <p>Compression runs on the thread that encodes the publication (once per publication, not per socket), with one
 * {@link Deflater} per such thread: the threads that fan out are few (event loops, the broker's), and a deflater is
 * a few hundred KB of native memory.
 */
public final class DeflatedFrames {
    /**
     * Set on a channel whose 101 answer agreed to permessage-deflate: its client inflates frames with RSV1 set.
     * Only those channels carry the attribute, so other sockets hold nothing for it.
     */
    public static final AttributeKey<Boolean> AGREED = AttributeKey.valueOf("switchboard.permessage-deflate");

    /**
     * Payloads shorter than this are sent uncompressed (RSV1 clear, allowed on a deflate socket): deflate's block
     * header and the frame's own bytes eat what little they would save, for a deflater run per publication.
     */
    static final int MIN_PAYLOAD_BYTES = 128;

    /** The empty stored block a sync flush ends with, which RFC 7692 §7.2.1 has the sender remove. */
    private static final int TAIL = 4;
    private static final int FIN_RSV1 = 0x80 | 0x40;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;
    private static final ThreadLocal<Compressor> COMPRESSOR = ThreadLocal.withInitial(Compressor::new);

    private DeflatedFrames() {
    }

    /** Whether the client of {@code channel} agreed to permessage-deflate in its handshake. */
    public static boolean agreed(Channel channel) {
        return channel != null && channel.hasAttr(AGREED);
    }

    /**
     * One unmasked, final text frame carrying {@code payload} (UTF-8) compressed, RSV1 set; null when compressing
     * would not make it smaller (send the plain frame then). The caller owns the buffer.
     */
    public static ByteBuf text(ByteBufAllocator alloc, byte[] payload) {
        return frame(alloc, OP_TEXT, payload);
    }

    /** As {@link #text}, for a binary frame. */
    public static ByteBuf binary(ByteBufAllocator alloc, byte[] payload) {
        return frame(alloc, OP_BINARY, payload);
    }

    private static ByteBuf frame(ByteBufAllocator alloc, int opcode, byte[] payload) {
        if (payload.length < MIN_PAYLOAD_BYTES) {
            return null;
        }
        Compressor c = COMPRESSOR.get();
        int length = c.compress(payload);
        if (length < 0 || length >= payload.length) {
            return null;
        }
        ByteBuf frame = WebSocketFrames.frame(alloc, FIN_RSV1 | opcode, c.out, length);
        c.shrink();
        return frame;
    }

    /** A thread's deflater and output buffer, reset for every message (no context is carried between them). */
    private static final class Compressor {
        private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        private byte[] out = new byte[8 * 1024];

        /** Compresses into {@link #out}; the length without the flush's tail, or -1 if the output is not as expected. */
        int compress(byte[] payload) {
            deflater.reset();
            deflater.setInput(payload);
            int n = 0;
            while (true) {
                n += deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
                if (n < out.length) {
                    break; // a sync flush that left room has written everything
                }
                out = Arrays.copyOf(out, out.length * 2);
            }
            if (!deflater.needsInput() || n < TAIL || out[n - 4] != 0 || out[n - 3] != 0 || out[n - 2] != (byte) 0xff
                    || out[n - 1] != (byte) 0xff) {
                return -1;
            }
            return n - TAIL;
        }

        /** Called once the output was copied: one large publication should not pin a large buffer to the thread. */
        void shrink() {
            if (out.length > 1 << 20) {
                out = new byte[8 * 1024];
            }
        }
    }
}

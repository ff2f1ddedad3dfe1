package io.switchboard.server.outbound;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.switchboard.server.broker.Publication;

/**
 * Encodes a publication into the whole WebSocket frame of each {@link FrameKind}, once per kind however many
 * subscribers of that kind there are. One per publication, on the thread that fans it out; {@link #release()} lets
 * go of the frames it made once they are handed to the writers.
 */
public final class PublicationFrames {
    private final Publication publication;
    private final ByteBuf[] frames = new ByteBuf[FrameKind.COUNT];

    /** The frames of {@code publication}, made as they are asked for. */
    public PublicationFrames(Publication publication) {
        this.publication = publication;
    }

    /** The frame of {@code kind} (shared: the caller takes its own reference if it keeps it). */
    public ByteBuf frame(int kind) {
        ByteBuf f = frames[kind];
        if (f == null) {
            f = frames[kind] = encode(kind);
        }
        return f;
    }

    private ByteBuf encode(int kind) {
        if ((kind & FrameKind.DEFLATE) != 0) {
            ByteBuf compressed = DeflatedFrames.text(ByteBufAllocator.DEFAULT, publication.frame());
            // Not worth compressing: the plain frame serves deflate sockets too (RSV1 clear).
            return compressed != null ? compressed : frame(kind & ~FrameKind.DEFLATE).retain();
        }
        return WebSocketFrames.text(ByteBufAllocator.DEFAULT, publication.frame());
    }

    /** Releases the frames made. */
    public void release() {
        for (int i = 0; i < frames.length; i++) {
            if (frames[i] != null) {
                frames[i].release();
                frames[i] = null;
            }
        }
    }
}

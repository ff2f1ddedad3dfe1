package io.switchboard.server.outbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MsgPack;
import io.switchboard.server.broker.Publication;
import io.switchboard.server.limits.OutboundBudget;

/**
 * Encodes a publication as one whole WebSocket frame of a {@link FrameKind}: the one place a publication becomes
 * bytes for a socket, so a fan-out encodes each kind once however many sockets take it, and a session that takes a
 * publication alone (while recovering) gets exactly the bytes its live peers get.
 */
public final class PublicationFrames {
    private PublicationFrames() {
    }

    /** The frame of {@code kind} for {@code publication}; the caller owns (and releases) the buffer. */
    public static ByteBuf encode(ByteBufAllocator alloc, Publication publication, int kind) {
        byte[] payload = payload(publication, kind & ~FrameKind.DEFLATE);
        boolean binary = FrameKind.binary(kind);
        if ((kind & FrameKind.DEFLATE) != 0) {
            ByteBuf compressed = binary ? DeflatedFrames.binary(alloc, payload) : DeflatedFrames.text(alloc, payload);
            if (compressed != null) {
                return compressed;
            }
            // Too small to gain from compression: plain (RSV1 clear), which a deflate socket takes as well.
        }
        return binary ? WebSocketFrames.binary(alloc, payload) : WebSocketFrames.text(alloc, payload);
    }

    /** What a frame of {@code kind} carries for {@code publication}: the envelope in that kind's format. */
    public static byte[] payload(Publication publication, int kind) {
        if (kind == FrameKind.JSON) {
            return publication.frame();
        }
        if (kind == FrameKind.MSGPACK) {
            return MsgPack.write(envelope(publication));
        }
        throw new IllegalArgumentException("frame kind " + kind + " is not supported");
    }

    /** The publication's envelope as a tree, keys in the order of its JSON frame, for the formats that are not JSON. */
    static ObjectNode envelope(Publication publication) {
        ObjectNode out = Json.object();
        out.put("type", publication.type());
        out.put("channel", publication.channel());
        if (publication.epoch() != null) {
            out.put("offset", publication.offset());
            out.put("epoch", publication.epoch());
        }
        out.set("data", Json.parse(publication.data()));
        return out;
    }

    /** The backlog a frame encoded here counts for, per socket: as {@link OutboundBudget#cost} of its payload. */
    public static int cost(ByteBuf frame) {
        return OutboundBudget.cost(WebSocketFrames.payloadLength(frame));
    }
}

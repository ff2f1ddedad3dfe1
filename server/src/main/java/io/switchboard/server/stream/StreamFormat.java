package io.switchboard.server.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.protocol.Json;
import io.switchboard.server.outbound.FrameFraming;
import io.switchboard.server.outbound.WebSocketFrames;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * How one HTTP stream carries the gateway's frames: Server-Sent Events ({@code data: <json>\n\n}) or one JSON frame
 * per line. The frames are written below Vert.x's HTTP encoder as whole HTTP/1.1 chunks, one buffer each that shares
 * the payload of the WebSocket frame encoded once for every subscriber (chunk size and prefix in a small head, then the
 * payload, then a constant tail): one entry per frame in the socket's outbound buffer, as for a WebSocket, so the
 * session's frame limit counts the same.
 */
enum StreamFormat implements FrameFraming {
    /** {@code GET /connection/sse}. */
    SSE("sse", "text/event-stream; charset=utf-8", "data: ", "\n\n", ": ping\n\n", "event: close\ndata: "),
    /** {@code POST /connection/stream}. */
    NDJSON("http_stream", "application/x-ndjson", "", "\n", "\n", "");

    private static final byte[] CRLF = {'\r', '\n'};

    private final String transport;
    private final String contentType;
    private final byte[] prefix;
    private final ByteBuf tail;
    private final ByteBuf heartbeat;
    private final String closePrefix;
    private final String suffix;

    StreamFormat(String transport, String contentType, String prefix, String suffix, String heartbeat, String closePrefix) {
        this.transport = transport;
        this.contentType = contentType;
        this.prefix = prefix.getBytes(StandardCharsets.US_ASCII);
        this.suffix = suffix;
        this.tail = constant(suffix + "\r\n");
        this.heartbeat = constant(Integer.toHexString(heartbeat.length()) + "\r\n" + heartbeat + "\r\n");
        this.closePrefix = closePrefix;
    }

    private static ByteBuf constant(String ascii) {
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer(ascii.length()).writeBytes(ascii.getBytes(StandardCharsets.US_ASCII)))
                .asReadOnly();
    }

    /** The transport's name, as the server API lists connections. */
    String transport() {
        return transport;
    }

    /** The response's {@code Content-Type}. */
    String contentType() {
        return contentType;
    }

    @Override
    public ByteBuf frame(ByteBufAllocator alloc, ByteBuf frame) {
        ByteBuf payload = WebSocketFrames.payload(frame);
        int size = prefix.length + payload.readableBytes() + tail.readableBytes() - CRLF.length;
        ByteBuf head = alloc.directBuffer(10 + prefix.length);
        ByteBufUtil.writeAscii(head, Integer.toHexString(size));
        head.writeBytes(CRLF).writeBytes(prefix);
        CompositeByteBuf chunk = alloc.compositeDirectBuffer(3);
        chunk.addComponents(true, head, payload.retain(), tail.duplicate());
        return chunk;
    }

    /** One heartbeat, a whole chunk to write below the encoder: an SSE comment, or an empty line. */
    ByteBuf heartbeat() {
        return heartbeat.duplicate();
    }

    /**
     * The last frame, where a WebSocket would get a close frame with {@code code} and {@code reason}: the body of the
     * response's last chunk, written through Vert.x (which frames it).
     */
    Buffer closeFrame(int code, String reason) {
        ObjectNode close = Json.object().put("type", "close");
        close.putObject("data").put("code", code).put("reason", reason == null ? "" : reason);
        return Buffer.buffer(closePrefix + Json.write(close) + suffix);
    }
}

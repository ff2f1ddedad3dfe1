package io.switchboard.bench.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One socket's side of the envelope protocol, as much of it as the fan-out scenario uses: {@code
 * connection_established} on open, {@code subscribe} and {@code unsubscribe} answered by {@code ack}, {@code
 * publish} fanned out as {@code {"type":"message","channel":…,"data":…}} (the bytes Switchboard sends) and answered
 * by {@code ack}, {@code ping} by {@code pong}. No authentication: the token in the query is ignored. Replies are
 * written without a flush; the socket is flushed once when Netty has read all it could (one read batch).
 */
final class EnvelopeHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] MESSAGE_PREFIX = "{\"type\":\"message\",\"channel\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DATA = ",\"data\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "}".getBytes(StandardCharsets.UTF_8);

    private final FanOut fanOut;
    private final String userId;

    EnvelopeHandler(FanOut fanOut, String userId) {
        this.fanOut = fanOut;
        this.userId = userId;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"connection_established\",\"data\":{\"session_id\":\""
                    + UUID.randomUUID() + "\",\"user_id\":" + JSON.writeValueAsString(userId) + "}}"));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
        JsonNode envelope;
        try {
            envelope = JSON.readTree(ByteBufUtil.getBytes(frame.content()));
        } catch (Exception e) {
            error(ctx, null, "invalid_json", "not JSON");
            return;
        }
        JsonNode id = envelope.get("id");
        JsonNode data = envelope.path("data");
        String channel = data.path("channel").asText(null);
        switch (envelope.path("type").asText()) {
            case "subscribe" -> {
                if (channel == null) {
                    error(ctx, id, "missing_field", "data.channel");
                    return;
                }
                fanOut.of(ctx.channel().eventLoop()).subscribe(channel, ctx.channel());
                reply(ctx, "ack", id);
            }
            case "unsubscribe" -> {
                if (channel != null) {
                    fanOut.of(ctx.channel().eventLoop()).unsubscribe(channel, ctx.channel());
                }
                reply(ctx, "ack", id);
            }
            case "publish" -> {
                if (channel == null || !data.has("data")) {
                    error(ctx, id, "missing_field", channel == null ? "data.channel" : "data.data");
                    return;
                }
                // Encoded once for every subscriber on every loop: JSON, then the WebSocket frame around it.
                fanOut.publish(channel, WebSocketFrames.text(ctx.alloc(), MESSAGE_PREFIX,
                        JSON.writeValueAsBytes(channel), DATA, JSON.writeValueAsBytes(data.get("data")), END));
                reply(ctx, "ack", id);
            }
            case "ping" -> reply(ctx, "pong", id);
            default -> error(ctx, id, "unknown_type", "type");
        }
    }

    private static void reply(ChannelHandlerContext ctx, String type, JsonNode id) throws Exception {
        ctx.write(new TextWebSocketFrame("{\"type\":\"" + type + "\"" + (id == null ? "" : ",\"id\":" + JSON.writeValueAsString(id)) + "}"),
                ctx.voidPromise());
    }

    private static void error(ChannelHandlerContext ctx, JsonNode id, String code, String field) throws Exception {
        ctx.write(new TextWebSocketFrame("{\"type\":\"error\"" + (id == null ? "" : ",\"id\":" + JSON.writeValueAsString(id))
                + ",\"error\":{\"code\":\"" + code + "\",\"message\":\"" + code + "\",\"field\":\"" + field
                + "\",\"temporary\":false}}"), ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fanOut.of(ctx.channel().eventLoop()).removeEverywhere(ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or a write to a socket already closed: the socket goes, the server stays quiet.
        ctx.close();
    }
}

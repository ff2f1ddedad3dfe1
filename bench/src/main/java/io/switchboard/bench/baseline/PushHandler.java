package io.switchboard.bench.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/inbox/push}: one {@code {"user_id", "type", "data"}} or an array of them, each encoded once as
 * the frame Switchboard sends ({@link #frame}) and handed to {@link UserSockets}; answers 202 {@code {"accepted": n}}. No
 * authentication and no checks beyond JSON and the two names being there (all or nothing, like Switchboard's). Other
 * requests go on down the pipeline.
 */
final class PushHandler extends ChannelInboundHandlerAdapter {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What Switchboard's InboxEvent does not copy up from data. */
    private static final Set<String> ENVELOPE_FIELDS = Set.of("type", "seq", "data", "id", "channel", "offset", "epoch", "error");

    private final UserSockets users;

    PushHandler(UserSockets users) {
        this.users = users;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (!path.equals("/api/inbox/push") && !path.equals("/api/inbox/push/")) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (!request.method().equals(HttpMethod.POST)) {
                answer(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, error("method_not_allowed", "method"));
            } else {
                push(ctx, request);
            }
        } finally {
            request.release();
        }
    }

    private void push(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
        JsonNode body;
        try (ByteBufInputStream in = new ByteBufInputStream(request.content())) {
            body = JSON.readTree((java.io.InputStream) in);
        } catch (Exception e) {
            answer(ctx, request, HttpResponseStatus.BAD_REQUEST, error("invalid_json", "body"));
            return;
        }
        List<JsonNode> events = new ArrayList<>();
        if (body != null && body.isArray()) {
            body.forEach(events::add);
        } else if (body != null && body.isObject()) {
            events.add(body);
        }
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            if (!e.path("user_id").isTextual() || !e.path("type").isTextual()) {
                answer(ctx, request, HttpResponseStatus.BAD_REQUEST,
                        error("missing_field", "[" + i + "]." + (e.path("user_id").isTextual() ? "type" : "user_id")));
                return;
            }
        }
        List<String> to = new ArrayList<>(events.size());
        List<ByteBuf> frames = new ArrayList<>(events.size());
        for (JsonNode e : events) {
            to.add(e.get("user_id").asText());
            frames.add(WebSocketFrames.text(ctx.alloc(), JSON.writeValueAsBytes(frame(e))));
        }
        // Queued to the sockets' loops before the answer goes, so the next request's events come after these.
        users.push(to, frames);
        answer(ctx, request, HttpResponseStatus.ACCEPTED, "{\"accepted\":" + events.size() + "}");
    }

    /**
     * The bytes Switchboard sends for a push: {@code {"type":…,"data":…}}, and when data is an object its fields
     * (but the envelope's own names) copied between the two, as Switchboard does for Socket.IO-era clients.
     */
    private static ObjectNode frame(JsonNode event) {
        ObjectNode frame = JSON.createObjectNode();
        frame.set("type", event.get("type"));
        JsonNode data = event.has("data") ? event.get("data") : JSON.nullNode();
        if (data.isObject()) {
            data.fields().forEachRemaining(f -> {
                if (!ENVELOPE_FIELDS.contains(f.getKey())) {
                    frame.set(f.getKey(), f.getValue());
                }
            });
        }
        frame.set("data", data);
        return frame;
    }

    private static String error(String code, String field) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + code + "\",\"field\":\"" + field + "\"}}";
    }

    private static void answer(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String json) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status,
                Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
        if (HttpUtil.isKeepAlive(request)) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }
}

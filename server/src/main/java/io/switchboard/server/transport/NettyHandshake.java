package io.switchboard.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandler;
import io.switchboard.server.eventloop.ConnectionChannel;
import io.switchboard.server.gateway.SessionSocket;
import io.switchboard.server.logs.ConnectionLog;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket upgrade request read by {@link NettyUpgrade}, before its endpoint accepts or rejects it: what the
 * endpoint may read of it (path, query, headers, the client's address). Dropped once answered: the socket keeps
 * nothing of the request.
 */
public final class NettyHandshake {
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final String path;
    private final NettyUpgrade.Settings settings;
    private boolean done;

    NettyHandshake(ChannelHandlerContext ctx, HttpRequest request, String path, NettyUpgrade.Settings settings) {
        this.ctx = ctx;
        this.request = request;
        this.path = path;
        this.settings = settings;
    }

    /** The request path, without the query. */
    public String path() {
        return path;
    }

    /** The query, without the {@code ?}; null when the request has none. */
    public String query() {
        String uri = request.uri();
        int q = uri.indexOf('?');
        return q < 0 ? null : uri.substring(q + 1);
    }

    /** The first value of a request header, or null. */
    public String header(String name) {
        return request.headers().get(name);
    }

    /** The TCP peer (not the X-Forwarded-For client), as Vert.x gives it. */
    public SocketAddress remoteAddress() {
        return remoteAddress(ctx);
    }

    static SocketAddress remoteAddress(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address ? SocketAddress.inetSocketAddress(address) : null;
    }

    /**
     * Answers 101 and turns the connection into a WebSocket served by {@link NettyWebSocket}: Vert.x's connection
     * handler leaves the pipeline. Null (after a 400) for a request Netty's handshaker refuses.
     */
    public SessionSocket accept() {
        answered();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(location(), settings.subProtocols(),
                settings.decoder()).newHandshaker(request);
        if (handshaker == null) {
            reject(HttpResponseStatus.UPGRADE_REQUIRED.code());
            return null;
        }
        // The socket holds the path only; one of the few a route matches, so interning shares it between sockets.
        NettyWebSocket socket = new NettyWebSocket(path.intern(), settings.maxMessageBytes());
        var pipeline = ctx.pipeline();
        ConnectionChannel.leaveVertx(pipeline, HttpConnections.VERTX);
        // The socket does their checks itself.
        pipeline.remove(HttpConnections.FRAME_GUARD);
        pipeline.remove(HttpConnections.UTF8);
        pipeline.replace(ctx.handler(), "webSocket", socket);
        DefaultFullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE);
        try {
            handshaker.handshake(ctx.channel(), full, null, ctx.channel().newPromise());
            // Chosen by the handshake from the client's offer, in the client's order of preference.
            socket.subProtocol(handshaker.selectedSubprotocol());
        } catch (RuntimeException e) {
            // Netty's handshaker refuses a request it cannot answer (no key, say): 400, as Vert.x did.
            ConnectionLog.refused(path, remoteAddress(), 400, String.valueOf(e.getMessage()));
            respond(socket.channel(), HttpResponseStatus.BAD_REQUEST);
            socket.channel().close();
            return null;
        }
        return socket;
    }

    /** Answers with {@code status} and the reason phrase as body, as Vert.x's {@code reject} did; the connection stays. */
    public void reject(int status) {
        answered();
        respond(ctx, HttpResponseStatus.valueOf(status));
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status) {
        ByteBuf body = Unpooled.copiedBuffer(status.reasonPhrase(), StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        ctx.writeAndFlush(response);
    }

    private void answered() {
        if (done) {
            throw new IllegalStateException("the handshake was answered already");
        }
        done = true;
    }

    private String location() {
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        return (tls ? "wss://" : "ws://") + request.headers().get(HttpHeaderNames.HOST) + request.uri();
    }
}

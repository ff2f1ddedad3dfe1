package io.switchboard.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
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
import io.vertx.core.Context;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket upgrade request read by {@link NettyUpgrade}, before its endpoint accepts or rejects it: what the
 * endpoint may read of it (path, query, headers, the client's address). Dropped once answered: the socket keeps
 * nothing of the request.
 */
public final class NettyHandshake implements SocketHandshake {
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final String path;
    private final NettyUpgrade.Settings settings;
    private final Context context;
    private boolean done;

    NettyHandshake(ChannelHandlerContext ctx, HttpRequest request, String path, NettyUpgrade.Settings settings,
                   Context context) {
        this.ctx = ctx;
        this.request = request;
        this.path = path;
        this.settings = settings;
        this.context = context;
    }

    @Override
    public Context context() {
        return context;
    }

    /** The request path, without the query. */
    @Override
    public String path() {
        return path;
    }

    /** The query, without the {@code ?}; null when the request has none. */
    @Override
    public String query() {
        String uri = request.uri();
        int q = uri.indexOf('?');
        return q < 0 ? null : uri.substring(q + 1);
    }

    /** Every value of a request header, in order; empty when it has none. */
    @Override
    public java.util.List<String> headers(String name) {
        return request.headers().getAll(name);
    }

    /**
     * Runs {@code task} on the connection's event loop (from an answer that came on another), unless the connection
     * ended meanwhile: an endpoint that waited for someone else's answer goes on with {@link #accept} there.
     */
    @Override
    public void onLoop(Runnable task) {
        ctx.executor().execute(() -> {
            if (ctx.channel().isActive() && !ctx.isRemoved()) {
                task.run();
            }
        });
    }

    /** The first value of a request header, or null. */
    @Override
    public String header(String name) {
        return request.headers().get(name);
    }

    /** The TCP peer (not the X-Forwarded-For client), as Vert.x gives it. */
    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress(ctx);
    }

    static SocketAddress remoteAddress(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address ? SocketAddress.inetSocketAddress(address) : null;
    }

    /**
     * Answers 101 and turns the connection into a WebSocket served by {@link NettyWebSocket}: Vert.x's connection
     * handler leaves the pipeline. {@code opened} gets the socket, on its event loop, once the 101 is written and the
     * HTTP encoder has left the pipeline: a frame written before that would go through the HTTP encoder. (On epoll the
     * write completes at once; on io_uring its completion comes in a later turn of the loop.) Nothing is called when
     * the handshake fails: after a 400 for a request Netty's handshaker refuses, or when the connection ended first.
     */
    @Override
    public void accept(java.util.function.Consumer<SessionSocket> opened) {
        answered();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(location(), settings.subProtocols(),
                settings.decoder()).newHandshaker(request);
        if (handshaker == null) {
            reject(HttpResponseStatus.UPGRADE_REQUIRED.code());
            return;
        }
        // Not interned: /ws/user/<id> is a path per user, which would only fill the JVM's string table.
        NettyWebSocket socket = new NettyWebSocket(path, settings.maxMessageBytes());
        var pipeline = ctx.pipeline();
        ConnectionChannel.leaveVertx(pipeline, HttpConnections.VERTX);
        // The socket does their checks itself.
        pipeline.remove(HttpConnections.FRAME_GUARD);
        pipeline.remove(HttpConnections.UTF8);
        pipeline.replace(ctx.handler(), "webSocket", socket);
        DefaultFullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE);
        ChannelPromise written = ctx.channel().newPromise();
        try {
            handshaker.handshake(ctx.channel(), full, null, written);
            // Chosen by the handshake from the client's offer, in the client's order of preference.
            socket.subProtocol(handshaker.selectedSubprotocol());
        } catch (RuntimeException e) {
            // Netty's handshaker refuses a request it cannot answer (no key, say): 400, as Vert.x did.
            ConnectionLog.refused(path, remoteAddress(), 400, String.valueOf(e.getMessage()));
            respond(socket.channel(), HttpResponseStatus.BAD_REQUEST);
            socket.channel().close();
            return;
        }
        written.addListener(f -> {
            if (f.isSuccess()) {
                opened.accept(socket);
            } else {
                socket.channel().close();
            }
        });
    }

    /** Answers with {@code status} and the reason phrase as body, as Vert.x's {@code reject} did; the connection stays. */
    @Override
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

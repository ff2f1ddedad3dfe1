package io.switchboard.server.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.switchboard.server.logs.ConnectionLog;
import io.vertx.core.Context;
import io.vertx.core.net.SocketAddress;
import io.netty.util.AsciiString;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Takes the WebSocket upgrades of the paths served on Netty directly ({@link WebSocketEndpoint#netty()}) out of an
 * HTTP connection before Vert.x sees them: the same checks as {@link WebSocketRoutes#handle} (503, 429, 403), then
 * the endpoint, whose {@link NettyHandshake#accept()} removes Vert.x's handler from the connection and leaves a
 * {@link NettyWebSocket} in its place. Anything else (another path, an upgrade with a body, a version other than 13,
 * a request while Vert.x still owes an answer on this connection) goes on to Vert.x unchanged, which serves it as
 * before. One per HTTP connection, just before Vert.x's handler; touched on its event loop only.
 */
final class NettyUpgrade extends ChannelDuplexHandler {
    /** What every upgrade on the node shares: the frame decoder's limits, the sub-protocols, the message limit. */
    record Settings(WebSocketDecoderConfig decoder, String subProtocols, int maxMessageBytes) {
    }

    private final WebSocketRoutes routes;
    private final Settings settings;
    /** The connection's Vert.x context (its event loop), for the endpoints that need one. */
    private final Context context;
    /** An upgrade taken, whose end (the empty last content) has not been read yet. */
    private HttpRequest pending;
    private NettyEndpoint pendingEndpoint;
    private String pendingPath;
    /** Requests handed to Vert.x and responses it ended: while it owes one, an upgrade waits its turn there. */
    private long requestsToVertx;
    private long responsesEnded;

    NettyUpgrade(WebSocketRoutes routes, Settings settings, Context context) {
        this.routes = routes;
        this.settings = settings;
        this.context = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (pending != null) {
            if (msg instanceof HttpContent content) {
                boolean last = msg instanceof LastHttpContent;
                content.release();
                if (last) {
                    HttpRequest request = pending;
                    pending = null;
                    upgrade(ctx, request);
                }
                return;
            }
        }
        if (msg instanceof HttpRequest request) {
            if (requestsToVertx == responsesEnded && take(request)) {
                pending = request;
                if (msg instanceof LastHttpContent last) {
                    last.release();
                    pending = null;
                    upgrade(ctx, request);
                }
                return;
            }
            requestsToVertx++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // A 100 Continue (or 103) is a whole response of its own, before the real one.
        if (msg instanceof LastHttpContent && !(msg instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
            responsesEnded++;
        }
        ctx.write(msg, promise);
    }

    /** Whether this upgrade is one to serve here: everything Vert.x would accept, for a path served on Netty. */
    private boolean take(HttpRequest request) {
        if (!request.decoderResult().isSuccess() || request.protocolVersion() != HttpVersion.HTTP_1_1
                || request.method() != HttpMethod.GET) {
            return false;
        }
        // Vert.x's decoder makes its own HttpHeaders, which implements only part of Netty's: get and getAll here.
        HttpHeaders headers = request.headers();
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (!anyValue(headers.getAll(HttpHeaderNames.UPGRADE), false)
                || !anyValue(headers.getAll(HttpHeaderNames.CONNECTION), true)
                || !"13".equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))
                || headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY) == null
                || headers.get(HttpHeaderNames.TRANSFER_ENCODING) != null
                || (length != null && !length.trim().equals("0"))) {
            return false;
        }
        try {
            new URI(request.uri()); // Vert.x answers 400 to a target it cannot parse: leave that to it
        } catch (URISyntaxException e) {
            return false;
        }
        String path = BoundedDeflate.pathOf(request.uri());
        NettyEndpoint endpoint = routes.nettyEndpoint(path);
        if (endpoint == null) {
            return false;
        }
        pendingEndpoint = endpoint;
        pendingPath = path;
        return true;
    }

    /** Upgrade: websocket (the whole value, as Vert.x checks it), or a Connection list with upgrade in it. */
    private static boolean anyValue(List<String> values, boolean connection) {
        for (String v : values) {
            if (connection ? AsciiString.containsIgnoreCase(v, HttpHeaderValues.UPGRADE)
                    : HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(v)) {
                return true;
            }
        }
        return false;
    }

    private void upgrade(ChannelHandlerContext ctx, HttpRequest request) {
        NettyEndpoint endpoint = pendingEndpoint;
        String path = pendingPath;
        pendingEndpoint = null;
        pendingPath = null;
        NettyHandshake handshake = new NettyHandshake(ctx, request, path, settings, context);
        SocketAddress remote = handshake.remoteAddress();
        List<String> forwarded = request.headers().getAll("X-Forwarded-For");
        WebSocketRoutes.Refusal refusal = routes.check(remote, forwarded.isEmpty() ? null : String.join(",", forwarded),
                request.headers().get("Origin"));
        if (refusal != null) {
            ConnectionLog.refused(path, remote, refusal.status(), refusal.reason());
            handshake.reject(refusal.status());
            return;
        }
        endpoint.handshake(handshake);
    }
}

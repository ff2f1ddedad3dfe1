package io.switchboard.server.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.switchboard.server.eventloop.ConnectionChannel;
import io.switchboard.server.eventloop.StrictRequestDecoder;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import java.util.List;

/**
 * What every HTTP/1.1 connection gets besides Vert.x's own pipeline, for the bounds Vert.x has no option for:
 * {@link HttpDeadlines} (request and idle timeouts), {@link StrictRequestDecoder} (no smuggling framing),
 * {@link BoundedDeflate} (permessage-deflate that inflates into a bounded buffer, not offered where the credential
 * comes in a message), {@link InboundFrameGuard} (RSV bits, refused inflation), Netty's UTF-8 check of text
 * messages (1007), and {@link NettyUpgrade}, which serves the upgrades of some paths on Netty directly. Installed from the server's connection handler, which Vert.x calls when the connection is set
 * up and before it reads a byte (with HTTP/2 over cleartext off: see {@code HttpListener}).
 */
public final class HttpConnections {
    // Vert.x's names for its handlers in an HTTP/1.x pipeline.
    private static final String DECODER = "httpDecoder";
    private static final String EXTENSIONS = "webSocketExtensionHandler";
    static final String VERTX = "handler";
    static final String FRAME_GUARD = "webSocketFrameGuard";
    static final String UTF8 = "webSocketUtf8";

    private final HttpServerOptions options;
    private final WebSocketRoutes routes;
    /** Null when {@code websocket-compression=off}: no extension is agreed to. */
    private final WebSocketServerExtensionHandshaker deflate;
    private final NettyUpgrade.Settings netty;
    private final long requestNanos;
    private final long idleNanos;
    private final Counter requestTimeouts;
    private final Counter idleTimeouts;
    private final Counter badFraming;

    /**
     * Handlers for connections of a server with {@code options}, whose sockets {@code routes} serves; the connections
     * they close are counted in {@code registry}.
     */
    public HttpConnections(HttpServerOptions options, ServerSettings settings, WebSocketRoutes routes, MeterRegistry registry) {
        this.options = options;
        this.routes = routes;
        this.deflate = !settings.websocketCompression() ? null : BoundedDeflate.handshaker(options.getWebSocketCompressionLevel(), options.getMaxWebSocketMessageSize());
        // The frame decoder as Vert.x configures its own for an upgrade (Http1xServerConnection.createHandshaker).
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .allowExtensions(options.getPerMessageWebSocketCompressionSupported() || options.getPerFrameWebSocketCompressionSupported())
                .maxFramePayloadLength(options.getMaxWebSocketFrameSize())
                .allowMaskMismatch(options.isAcceptUnmaskedFrames())
                .closeOnProtocolViolation(false)
                .build();
        List<String> subProtocols = options.getWebSocketSubProtocols();
        this.netty = new NettyUpgrade.Settings(decoder, subProtocols == null ? null : String.join(",", subProtocols),
                options.getMaxWebSocketMessageSize());
        this.requestNanos = settings.httpRequestTimeout().toNanos();
        this.idleNanos = settings.httpIdleTimeout().toNanos();
        this.requestTimeouts = closed(registry, "request_timeout");
        this.idleTimeouts = closed(registry, "idle_timeout");
        this.badFraming = closed(registry, "bad_framing");
    }

    private static Counter closed(MeterRegistry registry, String reason) {
        return Counter.builder("switchboard_http_connections_closed").tag("reason", reason)
                .description("HTTP connections the node closed: a request too slow to arrive, idle too long, or framed ambiguously")
                .register(registry);
    }

    /** Adds the handlers to a new connection. Runs on its event loop. */
    public void install(HttpConnection connection) {
        ChannelPipeline pipeline = ConnectionChannel.pipeline(connection);
        if (pipeline == null || pipeline.get(DECODER) == null || pipeline.get(VERTX) == null) {
            return;
        }
        HttpDeadlines deadlines = new HttpDeadlines(requestNanos, idleNanos, requestTimeouts::increment, idleTimeouts::increment);
        pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options, badFraming::increment));
        pipeline.addBefore(DECODER, "httpDeadlinesBytes", deadlines.bytes());
        pipeline.addBefore(VERTX, "httpDeadlines", deadlines.messages());
        if (pipeline.get(EXTENSIONS) != null) {
            if (deflate == null) {
                // Without the handler no offer is read and the 101 names no extension; RSV1 is then refused (1002).
                pipeline.remove(EXTENSIONS);
            } else {
                pipeline.replace(EXTENSIONS, EXTENSIONS, BoundedDeflate.forConnection(deflate, routes::offersCompression));
            }
        }
        // After the extension handler, so that the inflater it adds on an upgrade comes before these.
        pipeline.addBefore(VERTX, FRAME_GUARD, new InboundFrameGuard());
        pipeline.addBefore(VERTX, UTF8, new Utf8FrameValidator(false));
        // Last before Vert.x: the upgrades of paths served on Netty directly stop here (see NettyUpgrade).
        pipeline.addBefore(VERTX, "nettyUpgrade", new NettyUpgrade(routes, netty, io.vertx.core.Vertx.currentContext()));
    }
}

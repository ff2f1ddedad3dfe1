package io.switchboard.server.stream;

import io.netty.channel.ChannelHandlerContext;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.server.auth.AuthException;
import io.switchboard.server.auth.Credentials;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.auth.TokenService;
import io.switchboard.server.eventloop.ConnectionChannel;
import io.switchboard.server.eventloop.RequestLoop;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.hooks.ClientWire;
import io.switchboard.server.hooks.ConnectGrant;
import io.switchboard.server.hooks.ConnectRefused;
import io.switchboard.server.hooks.Hooks;
import io.switchboard.server.http.HttpErrors;
import io.switchboard.server.logs.ConnectionLog;
import io.switchboard.server.transport.WebSocketRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Opens a session on a stream ({@code GET /connection/sse}, {@code POST /connection/stream}) as {@code /ws} opens
 * one on a WebSocket: the same checks first (shutting down 503, too many connects from the address 429, origin 403,
 * as HTTP errors), then the token from the query ({@code token}) or the {@code Authorization} header, or the connect
 * hook for a client without one. A refused credential or limit is answered like on {@code /ws}: the stream opens and
 * its only frame is {@code close} with the code a WebSocket would get, which a browser's EventSource can read.
 */
final class StreamEndpoint {
    private final WebSocketRoutes checks;
    private final TokenService tokens;
    private final Gateway gateway;
    private final Hooks hooks;
    private final StreamSessions registry;

    StreamEndpoint(WebSocketRoutes checks, TokenService tokens, Gateway gateway, Hooks hooks, StreamSessions registry) {
        this.checks = checks;
        this.tokens = tokens;
        this.gateway = gateway;
        this.hooks = hooks;
        this.registry = registry;
    }

    /** Handles one request to open a stream of {@code format}. On the request's event loop. */
    void open(RoutingContext rc, StreamFormat format) {
        HttpServerRequest request = rc.request();
        if (request.version() != HttpVersion.HTTP_1_1) {
            HttpErrors.send(rc, ErrorCode.INVALID_FIELD, "a stream needs HTTP/1.1 (chunked responses)", null);
            return;
        }
        List<String> forwarded = request.headers().getAll("X-Forwarded-For");
        WebSocketRoutes.Refusal refusal = checks.check(request.remoteAddress(),
                forwarded.isEmpty() ? null : String.join(",", forwarded), request.getHeader("Origin"));
        if (refusal != null) {
            ConnectionLog.refused(request.path(), request.remoteAddress(), refusal.status(), refusal.reason());
            HttpErrors.send(rc, switch (refusal.status()) {
                case 503 -> ErrorCode.UNAVAILABLE;
                case 429 -> ErrorCode.RATE_LIMITED;
                default -> ErrorCode.FORBIDDEN;
            }, refusal.reason(), null);
            return;
        }
        ChannelHandlerContext channel = ConnectionChannel.belowEncoder(request.connection());
        if (channel == null) {
            HttpErrors.send(rc, ErrorCode.INVALID_FIELD, "a stream needs an HTTP/1.1 connection", null);
            return;
        }
        StreamSocket socket = new StreamSocket(rc.response(), channel, Vertx.currentContext(), format, registry,
                format == StreamFormat.SSE ? StreamRoutes.SSE : StreamRoutes.STREAM, request.remoteAddress());
        String token = Credentials.bearerToken(request.headers(), request.query());
        Principal principal;
        try {
            // Without a token, a connect hook decides who the client is (its cookies, its headers), as on /ws.
            principal = token == null && hooks != null && hooks.connectHook() ? null : tokens.verify(token);
        } catch (AuthException e) {
            socket.start();
            gateway.refuse(socket, e.closeCode().code(), e.getMessage());
            return;
        }
        if (hooks == null || !hooks.onConnect()) {
            socket.start();
            gateway.open(socket, principal);
            return;
        }
        String sessionId = Gateway.newSessionId();
        hooks.connect(sessionId, principal, hooks.headers(request.headers()), ClientWire.json(socket.transport())).onComplete(ar -> RequestLoop.run(request, () -> {
            if (rc.response().closed()) {
                return;
            }
            socket.start();
            if (ar.failed()) {
                ConnectRefused r = ar.cause() instanceof ConnectRefused c ? c
                        : new ConnectRefused(ConnectRefused.TRY_AGAIN_LATER, "try again later");
                gateway.refuse(socket, r.code(), r.reason());
                return;
            }
            ConnectGrant grant = ar.result();
            gateway.open(sessionId, socket, grant.principal(), gateway.defaultHandlers(), session -> {
                Hooks.attach(session, grant);
                return Future.succeededFuture();
            });
        }));
    }
}

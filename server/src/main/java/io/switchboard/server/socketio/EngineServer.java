package io.switchboard.server.socketio;

import io.netty.channel.ChannelHandlerContext;
import io.switchboard.protocol.CloseCode;
import io.switchboard.server.auth.Credentials;
import io.switchboard.server.eventloop.ContextSteps;
import io.switchboard.server.gateway.SessionSocket;
import io.switchboard.server.limits.OutboundBudget;
import io.switchboard.server.outbound.LoopWriter;
import io.switchboard.server.transport.NettyEndpoint;
import io.switchboard.server.transport.SocketHandshake;
import io.switchboard.server.transport.WebSocketEndpoint;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Engine.IO v4 endpoint: the polling requests ({@code GET} and {@code POST} with {@code EIO=4&transport=polling})
 * and the WebSocket handshakes ({@code transport=websocket}, new or upgrading a polling session by its {@code sid}).
 * A bad request gets the Engine.IO error JSON with its status; a session id it does not know, 400
 * {@code {"code":1,"message":"Session ID unknown"}}. The sessions live on this node: polling needs every request of a
 * session to reach the node that opened it. Its WebSockets are served on the transport's own Netty handler
 * ({@link #netty()}: a few KB per idle socket less than Vert.x's, issue 12), the rare upgrade Vert.x reads on Vert.x's.
 */
final class EngineServer implements WebSocketEndpoint {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SocketIoSettings settings;
    private final OutboundBudget budget;
    private final Function<ChannelHandlerContext, LoopWriter> writers;
    private final Function<EngineSession, EngineListener> layer;
    private final Supplier<Boolean> shuttingDown;
    private final int maxSessions;
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final NettyEndpoint netty = this::handshake;

    /**
     * @param writers      the writer of an event loop, for the WebSockets on it
     * @param layer        makes the listener of each new session (the Socket.IO layer), on the session's loop
     * @param shuttingDown whether the node refuses new sessions
     * @param maxSessions  the most sessions at once on this node
     */
    EngineServer(SocketIoSettings settings, OutboundBudget budget, Function<ChannelHandlerContext, LoopWriter> writers,
                 Function<EngineSession, EngineListener> layer, Supplier<Boolean> shuttingDown, int maxSessions) {
        this.settings = settings;
        this.budget = budget;
        this.writers = writers;
        this.layer = layer;
        this.shuttingDown = shuttingDown;
        this.maxSessions = maxSessions;
    }

    /** The open sessions. */
    Collection<EngineSession> sessions() {
        return sessions.values();
    }

    /** Handles a polling request (the router's handler for the path). On the request's loop. */
    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String eio = request.getParam("EIO");
        if (!"4".equals(eio)) {
            refuse(request, EngineError.UNSUPPORTED_PROTOCOL_VERSION,
                    "this server speaks Engine.IO 4 (EIO=4: socket.io-client 3 and 4)");
            return;
        }
        String transport = request.getParam("transport");
        if (!"polling".equals(transport)) {
            refuse(request, EngineError.UNKNOWN_TRANSPORT, "websocket".equals(transport)
                    ? "transport=websocket needs a WebSocket upgrade request" : "transport must be polling or websocket");
            return;
        }
        String sid = request.getParam("sid");
        if (sid == null) {
            if (request.method() != HttpMethod.GET) {
                refuse(request, EngineError.BAD_HANDSHAKE_METHOD, "open a session with GET");
                return;
            }
            EngineSession session = open(Credentials.bearerToken(request.headers(), request.query()));
            if (session == null) {
                refuse(request, EngineError.UNAVAILABLE, shuttingDown.get() ? "the server is shutting down" : "the server is full");
                return;
            }
            session.startPolling(layer.apply(session));
            EngineSession.respond(request, 200, "text/plain; charset=UTF-8", session.openPacket());
            return;
        }
        EngineSession session = sessions.get(sid);
        if (session == null) {
            refuse(request, EngineError.UNKNOWN_SID, null);
            return;
        }
        if (request.method() == HttpMethod.GET) {
            request.response().closeHandler(v -> session.execute(() -> session.pollGone(request)));
            session.execute(() -> session.poll(request));
        } else if (request.method() == HttpMethod.POST) {
            readBody(request, session);
        } else {
            refuse(request, EngineError.BAD_REQUEST, "use GET to poll and POST to send");
        }
    }

    /** Reads a POST body up to {@code maxHttpBufferSize}; past it, 413 and the session is closed. */
    private void readBody(HttpServerRequest request, EngineSession session) {
        int max = settings.maxHttpBufferSize();
        String length = request.getHeader("Content-Length");
        if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit) && Long.parseLong(length) > max) {
            tooLarge(request, session, max);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > max) {
                refused[0] = true;
                tooLarge(request, session, max);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (!refused[0]) {
                String text = body.toString(StandardCharsets.UTF_8);
                session.execute(() -> session.post(request, text));
            }
        });
        request.resume();
    }

    private void tooLarge(HttpServerRequest request, EngineSession session, int max) {
        request.response().putHeader("Connection", "close");
        refuse(request, EngineError.PAYLOAD_TOO_LARGE, "the body is larger than maxHttpBufferSize (" + max + " bytes)");
        session.execute(() -> session.close("transport error"));
    }

    @Override
    public NettyEndpoint netty() {
        return netty;
    }

    /**
     * A WebSocket handshake, new ({@code transport=websocket} without a {@code sid}) or upgrading a polling session.
     * On the connection's loop; the socket's frames reach the session on its loop ({@link EngineSocketListener}).
     */
    private void handshake(SocketHandshake handshake) {
        String query = handshake.query();
        if (!"4".equals(Credentials.queryParam(query, "EIO")) || !"websocket".equals(Credentials.queryParam(query, "transport"))) {
            handshake.reject(400);
            return;
        }
        String sid = Credentials.queryParam(query, "sid");
        if (sid == null) {
            String token = Credentials.bearerToken(handshake::header, query);
            if (shuttingDown.get() || sessions.size() >= maxSessions) {
                handshake.reject(503);
                return;
            }
            Context context = handshake.context();
            // The session lives on the connection's context: its timers and the Socket.IO layer's steps run there,
            // and the socket's frames reach it without a hop (a Netty socket reports them outside any context).
            handshake.accept(socket -> ContextSteps.run(context, () -> {
                EngineSession session = open(token);
                if (session == null) {
                    socket.close(CloseCode.OVER_CAPACITY.code(), CloseCode.OVER_CAPACITY.reason());
                    return;
                }
                socket.listen(new EngineSocketListener(socket, session, settings.maxHttpBufferSize()));
                session.startWebSocket(socket, layer.apply(session));
            }));
            return;
        }
        EngineSession session = sessions.get(sid);
        if (session == null) {
            handshake.reject(400);
            return;
        }
        handshake.accept(socket -> {
            socket.listen(new EngineSocketListener(socket, session, settings.maxHttpBufferSize()));
            // The same way as the socket's frames, so that the session knows the probe before its first frame.
            session.fromSocket(() -> session.probe(socket));
        });
    }

    /** A new session on the current event loop, or null when the node is full or shutting down. */
    private EngineSession open(String handshakeToken) {
        if (shuttingDown.get() || sessions.size() >= maxSessions) {
            return null;
        }
        byte[] id = new byte[15];
        RANDOM.nextBytes(id);
        String sid = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        EngineSession session = new EngineSession(sid, Vertx.currentContext(), this, settings, budget, handshakeToken);
        sessions.put(sid, session);
        return session;
    }

    /** Where a session's WebSocket {@code socket} writes its frames: through its event loop's writer. */
    WebSocketOut out(SessionSocket socket, EngineSession session) {
        ChannelHandlerContext channel = socket.channel();
        if (channel == null) {
            throw new IllegalArgumentException("a socket without a channel to write to: " + socket.getClass().getName());
        }
        return new WebSocketOut(channel, writers.apply(channel), session, settings.maxBufferedBytes(), budget);
    }

    void forget(EngineSession session) {
        sessions.remove(session.sid(), session);
    }

    /** Answers with the Engine.IO error JSON and its status. */
    void refuse(HttpServerRequest request, EngineError error, String detail) {
        EngineSession.respond(request, error.status, "application/json", error.body(detail));
    }
}

package io.switchboard.server.stream;

import io.switchboard.server.auth.TokenService;
import io.switchboard.server.control.NodeControl;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.hooks.Hooks;
import io.switchboard.server.transport.WebSocketRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** Mounts the stream transports: {@code GET /connection/sse}, {@code POST /connection/stream}, {@code POST /connection/command}. */
public final class StreamRoutes {
    static final String SSE = "/connection/sse";
    static final String STREAM = "/connection/stream";
    static final String COMMAND = "/connection/command";
    /** The body of {@code POST /connection/stream}: empty or {@code {}}; a little room for a client that sends more. */
    private static final long OPEN_BODY_LIMIT = 4_096;

    private StreamRoutes() {
    }

    /**
     * Mounts the routes on {@code router}: sessions open on {@code gateway} after the checks of {@code sockets} (shutdown,
     * connect rate, origin), commands for sessions of other nodes go over {@code control}, and every open stream gets
     * a heartbeat each {@code settings.heartbeat()}.
     */
    public static void mount(Vertx vertx, Router router, WebSocketRoutes sockets, TokenService tokens, Gateway gateway,
                             Hooks hooks, NodeControl control, StreamSettings settings) {
        StreamSessions streams = new StreamSessions();
        StreamEndpoint endpoint = new StreamEndpoint(sockets, tokens, gateway, hooks, streams);
        router.get(SSE).handler(rc -> endpoint.open(rc, StreamFormat.SSE));
        router.post(STREAM).handler(BodyHandler.create(false).setBodyLimit(OPEN_BODY_LIMIT))
                .handler(rc -> endpoint.open(rc, StreamFormat.NDJSON));
        int maxMessage = gateway.limits().maxFrameBytes();
        CommandRoute commands = new CommandRoute(tokens, streams, CommandForwarding.install(control, streams), maxMessage);
        // Room for a full batch of the largest envelopes, their commas and brackets; the credential is checked first.
        long bodyLimit = (long) CommandBody.MAX_MESSAGES * (maxMessage + 1) + 2;
        // Two routes: the router takes a body handler only first on a route, and the body is read after the checks.
        router.route(HttpMethod.POST, COMMAND).handler(commands::admit);
        router.route(HttpMethod.POST, COMMAND).handler(BodyHandler.create(false).setBodyLimit(bodyLimit))
                .handler(commands::handle);
        streams.startHeartbeat(vertx, settings.heartbeat());
    }
}

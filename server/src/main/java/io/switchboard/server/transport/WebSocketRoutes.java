package io.switchboard.server.transport;

import io.switchboard.server.logs.ConnectionLog;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Routes WebSocket handshakes by path to endpoints, after the checks every socket gets: the server is not
 * shutting down (else 503), the client has handshake attempts left (else 429) and the page's origin is allowed
 * (else 403). An unknown path gets 404.
 */
public final class WebSocketRoutes {
    private record Route(Pattern path, WebSocketEndpoint endpoint) {
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final OriginPolicy origins;
    private final Supplier<Boolean> shuttingDown;
    private final ConnectRateLimit connectLimit;
    private final UnauthenticatedSockets unauthenticated;

    /** Routes guarded by an origin policy and a shutdown flag, without a per-address attempt limit. */
    public WebSocketRoutes(OriginPolicy origins, Supplier<Boolean> shuttingDown) {
        this(origins, shuttingDown, null, new UnauthenticatedSockets(ServerSettings.DEFAULT_MAX_UNAUTHENTICATED_SOCKETS));
    }

    /**
     * Routes guarded by an origin policy, a shutdown flag and a per-address attempt limit (null for none), whose
     * sockets waiting for a credential message share {@code unauthenticated}.
     */
    public WebSocketRoutes(OriginPolicy origins, Supplier<Boolean> shuttingDown, ConnectRateLimit connectLimit,
                           UnauthenticatedSockets unauthenticated) {
        this.origins = origins;
        this.shuttingDown = shuttingDown;
        this.connectLimit = connectLimit;
        this.unauthenticated = unauthenticated;
    }

    /** The node's bound on sockets whose credential is not checked yet, for endpoints that read it from a message. */
    public UnauthenticatedSockets unauthenticated() {
        return unauthenticated;
    }

    /**
     * Whether a WebSocket upgrade of {@code path} may negotiate permessage-deflate: only for a known endpoint that
     * takes its credential with the handshake. Runs on an event loop, as each upgrade request is read.
     */
    public boolean offersCompression(String path) {
        for (Route r : routes) {
            if (r.path().matcher(path).matches()) {
                return !r.endpoint().credentialInMessage();
            }
        }
        return false;
    }

    /** Adds an endpoint for paths matching a regular expression (the whole path must match). */
    public void add(String pathRegex, WebSocketEndpoint endpoint) {
        routes.add(new Route(Pattern.compile(pathRegex), endpoint));
    }

    /**
     * The endpoint of {@code path} when it serves its sockets on Netty directly ({@link NettyUpgrade}), else null
     * (no route, or one served by Vert.x). Runs on an event loop, as each upgrade request is read.
     */
    NettyEndpoint nettyEndpoint(String path) {
        for (Route r : routes) {
            if (r.path().matcher(path).matches()) {
                return r.endpoint().netty();
            }
        }
        return null;
    }

    /** Why a handshake is refused before any endpoint sees it: an HTTP status and a reason for the log. */
    public record Refusal(int status, String reason) {
    }

    /**
     * The checks every handshake gets, in this order: the node is not shutting down (503), the client has handshake
     * attempts left (429), the page's origin is allowed (403). Null when all pass.
     */
    public Refusal check(SocketAddress remote, String forwardedFor, String origin) {
        if (shuttingDown.get()) {
            return new Refusal(503, "the node is shutting down");
        }
        // Before anything that costs more than a map lookup: origin rules, token verification, the socket.
        if (connectLimit != null && !connectLimit.admit(remote, forwardedFor)) {
            return new Refusal(429, "too many handshakes from this address");
        }
        if (!origins.allows(origin)) {
            return new Refusal(403, "origin " + origin + " is not allowed");
        }
        return null;
    }

    /** Handles a handshake. Runs on an event loop. */
    public void handle(ServerWebSocketHandshake handshake) {
        Refusal refusal = check(handshake.remoteAddress(), forwardedFor(handshake), handshake.headers().get("Origin"));
        if (refusal != null) {
            reject(handshake, refusal.status(), refusal.reason());
            return;
        }
        String path = handshake.path();
        for (Route r : routes) {
            if (r.path().matcher(path).matches()) {
                r.endpoint().handshake(handshake);
                return;
            }
        }
        reject(handshake, 404, "no socket at this path");
    }

    private static void reject(ServerWebSocketHandshake handshake, int status, String reason) {
        ConnectionLog.refused(handshake.path(), handshake.remoteAddress(), status, reason);
        handshake.reject(status);
    }

    /** Every X-Forwarded-For line in order, as one list: a proxy may add a line rather than extend the first. */
    private static String forwardedFor(ServerWebSocketHandshake handshake) {
        List<String> lines = handshake.headers().getAll("X-Forwarded-For");
        return lines.isEmpty() ? null : String.join(",", lines);
    }
}

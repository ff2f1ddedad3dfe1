package io.switchboard.server.http;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.auth.TokenService;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /api/dev/token?user=ID[&role=admin]}: a token for anyone on this machine who asks, so that demo pages
 * work without a login. Mounted only in development mode (a production node answers 404), and it answers only a
 * caller on a loopback address that no proxy forwarded: from anywhere else it would hand out any account.
 */
public final class DevTokenRoute {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final Duration TTL = Duration.ofHours(12);

    private DevTokenRoute() {
    }

    /** Mounts the route. */
    public static void mount(Router router, TokenService tokens) {
        router.get("/api/dev/token").handler(ctx -> {
            if (!fromThisMachine(ctx.request())) {
                throw new ProtocolException(ErrorCode.FORBIDDEN,
                        "the development token endpoint answers only callers on this machine (a loopback address)");
            }
            String user = ctx.request().getParam("user", "demo");
            if (!USER.matcher(user).matches()) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "user must be 1 to 64 of A-Z a-z 0-9 _ . @ -", "user");
            }
            String role = ctx.request().getParam("role");
            if (role != null && !role.equals(Principal.ADMIN)) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "role must be admin or absent", "role");
            }
            JsonBodies.send(ctx, 200, Json.object()
                    .put("token", tokens.issue(user, TTL, role == null ? Set.of() : Set.of(role)))
                    .put("user_id", user)
                    .put("expires_in", TTL.toSeconds()));
        });
    }

    /** A loopback peer, and no proxy header saying the request came from further away. */
    static boolean fromThisMachine(HttpServerRequest request) {
        if (request.getHeader("X-Forwarded-For") != null || request.getHeader("Forwarded") != null) {
            return false;
        }
        SocketAddress remote = request.remoteAddress();
        if (remote == null || remote.hostAddress() == null) {
            return false;
        }
        try {
            // A numeric address: no name lookup happens.
            return InetAddress.getByName(remote.hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

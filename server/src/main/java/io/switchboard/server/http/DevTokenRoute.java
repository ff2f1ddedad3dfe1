package io.switchboard.server.http;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.auth.TokenService;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@code GET /api/dev/token?user=ID}: a token for anyone who asks, so that demo pages work without a login.
 * Mounted only in development mode; a production node answers 404.
 */
public final class DevTokenRoute {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final Duration TTL = Duration.ofHours(12);

    private DevTokenRoute() {
    }

    /** Mounts the route. */
    public static void mount(Router router, TokenService tokens) {
        router.get("/api/dev/token").handler(ctx -> {
            String user = ctx.request().getParam("user", "demo");
            if (!USER.matcher(user).matches()) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "user must be 1 to 64 of A-Z a-z 0-9 _ . @ -", "user");
            }
            JsonBodies.send(ctx, 200, Json.object()
                    .put("token", tokens.issue(user, TTL))
                    .put("user_id", user)
                    .put("expires_in", TTL.toSeconds()));
        });
    }
}

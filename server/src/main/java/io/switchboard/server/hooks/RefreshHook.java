package io.switchboard.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.gateway.ExpiryRefresher;
import io.switchboard.server.gateway.Session;
import io.switchboard.server.gateway.SessionKey;
import io.vertx.core.Future;
import java.time.Instant;

/**
 * Asked when a connection whose expiry the connect hook gave ({@code expire_at}) expires: the client holds no token
 * to refresh. The answer {@code {"result": {"expire_at": unix seconds, "info"?}}} extends it, {@code {"result":
 * {"expired": true}}} or an {@code error} closes it with 4002, a {@code disconnect} with its code; a hook down, slow or
 * answering garbage closes it with 1013 (the client reconnects, and the connect hook decides again). Other sessions
 * (token expiries) are not taken: their clients refresh their token.
 */
final class RefreshHook implements ExpiryRefresher {
    /** Set on a session whose expiry came from the connect hook. */
    static final SessionKey<Boolean> REFRESHABLE = SessionKey.of("hook-refreshable", Boolean.class);
    private final HookClient client;
    private final String url;

    RefreshHook(HookClient client, String url) {
        this.client = client;
        this.url = url;
    }

    @Override
    public Future<Principal> refresh(Session session) {
        if (!Boolean.TRUE.equals(session.get(REFRESHABLE))) {
            return null;
        }
        ObjectNode body = HookRequest.body(session);
        return client.call(HookKind.REFRESH, url, body, HookRequest.headers(session)).map(answer -> {
            Principal now = session.principal();
            Principal expired = new Principal(now.userId(), Instant.EPOCH, now.roles());
            if (answer.disconnect() != null) {
                session.close(answer.disconnect().code(), answer.disconnect().reason());
                return expired;
            }
            if (answer.refusal() != null || answer.result().path("expired").asBoolean(false)) {
                return expired;
            }
            JsonNode info = answer.result().get("info");
            if (info != null && !info.isNull()) {
                session.info(info);
            }
            JsonNode expireAt = answer.result().path("expire_at");
            Instant until = expireAt.isIntegralNumber() && expireAt.asLong() > 0 ? Instant.ofEpochSecond(expireAt.asLong()) : null;
            return new Principal(now.userId(), until, now.roles());
        });
    }
}

package io.switchboard.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.server.auth.Principal;
import io.vertx.core.Future;
import java.time.Instant;

/**
 * Asks the backend whether a client may connect: with a token, about the token's user (the backend may refuse it or
 * add {@code info}; a {@code user} in its answer is ignored, the token proved who it is); without one, who the client
 * is — the backend reads its cookies or headers (those of {@code hook-headers}) and answers {@code {"result":
 * {"user": "42", "info"?: {...}, "expire_at"?: unix seconds}}}.
 */
final class ConnectHook {
    private static final int MAX_USER = 256;
    private final HookClient client;
    private final String url;

    ConnectHook(HookClient client, String url) {
        this.client = client;
        this.url = url;
    }

    /** The grant, or a failure that is a {@link ConnectRefused}. */
    Future<ConnectGrant> connect(String sessionId, Principal token, ClientHeaders headers, ClientWire wire) {
        ObjectNode body = HookRequest.body(sessionId, token == null ? "" : token.userId(), headers.values(), wire);
        return client.call(HookKind.CONNECT, url, body, headers.values()).transform(ar -> {
            if (ar.failed()) {
                return Future.failedFuture(new ConnectRefused(ConnectRefused.TRY_AGAIN_LATER, ar.cause().getMessage()));
            }
            try {
                return Future.succeededFuture(grant(ar.result(), token, headers));
            } catch (ConnectRefused e) {
                return Future.failedFuture(e);
            }
        });
    }

    private static ConnectGrant grant(HookAnswer answer, Principal token, ClientHeaders headers) {
        if (answer.disconnect() != null) {
            throw new ConnectRefused(answer.disconnect().code(), answer.disconnect().reason());
        }
        if (answer.refusal() != null) {
            throw new ConnectRefused(4003, answer.refusal().wireCode() + ": " + answer.refusal().getMessage());
        }
        ObjectNode result = answer.result();
        JsonNode info = result.has("info") && !result.get("info").isNull() ? result.get("info") : null;
        if (token != null) {
            return new ConnectGrant(token, info, headers, false);
        }
        JsonNode user = result.path("user");
        if (!user.isTextual() || user.textValue().isEmpty()) {
            throw new ConnectRefused(4001, "no credentials: the connect hook named no user");
        }
        if (user.textValue().length() > MAX_USER) {
            throw new ConnectRefused(ConnectRefused.TRY_AGAIN_LATER, "the connect hook named a user longer than " + MAX_USER);
        }
        Instant expires = null;
        JsonNode expireAt = result.path("expire_at");
        if (expireAt.isIntegralNumber() && expireAt.asLong() > 0) {
            expires = Instant.ofEpochSecond(expireAt.asLong());
            if (!expires.isAfter(Instant.now())) {
                throw new ConnectRefused(4002, "the connect hook's expire_at is past");
            }
        }
        return new ConnectGrant(new Principal(user.textValue(), expires), info, headers, expires != null);
    }
}

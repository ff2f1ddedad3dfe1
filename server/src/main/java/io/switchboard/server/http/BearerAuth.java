package io.switchboard.server.http;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.auth.AuthException;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.auth.TokenService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Requires {@code Authorization: Bearer <jwt>} on REST routes; the principal is then in the context. Where the
 * routes accept the backend's API key too, a request carrying it acts as {@link #API_KEY_SUBJECT} with the
 * {@code admin} role: the key already publishes anywhere and writes any user's inbox.
 */
public final class BearerAuth implements Handler<RoutingContext> {
    /** The subject of a request made with the API key. */
    public static final String API_KEY_SUBJECT = "api-key";
    private static final String KEY = "switchboard.principal";
    private final TokenService tokens;
    private final ApiKeys apiKeys;

    /** A handler verifying with {@code tokens}. */
    public BearerAuth(TokenService tokens) {
        this(tokens, null);
    }

    /** A handler verifying with {@code tokens}, or accepting the API key as an admin; null {@code apiKeys} accepts no key. */
    public BearerAuth(TokenService tokens, ApiKeys apiKeys) {
        this.tokens = tokens;
        this.apiKeys = apiKeys;
    }

    @Override
    public void handle(RoutingContext ctx) {
        authenticate(ctx);
        ctx.next();
    }

    /**
     * Verifies the request's token and puts its principal in the context, without passing the request on: for a
     * handler that shares a path with another app and decides first whether the request is its own.
     */
    public void authenticate(RoutingContext ctx) {
        if (apiKeys != null && ApiKeys.present(ctx)) {
            apiKeys.require(ctx);
            ctx.put(KEY, new Principal(API_KEY_SUBJECT, null, Set.of(Principal.ADMIN)));
            return;
        }
        String token = token(ctx);
        if (token == null) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "an Authorization: Bearer token is required");
        }
        try {
            ctx.put(KEY, tokens.verify(token));
        } catch (AuthException e) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, e.getMessage());
        }
    }

    /** The token of an {@code Authorization: Bearer} header, or null when the request has none. */
    static String token(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        return auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) ? null : auth.substring(7).trim();
    }

    /** The principal a {@link BearerAuth} handler put in the context. */
    public static Principal principal(RoutingContext ctx) {
        return ctx.get(KEY);
    }
}

package io.switchboard.server.http;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.auth.AuthException;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.auth.TokenService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Requires {@code Authorization: Bearer <jwt>} on REST routes; the principal is then in the context. */
public final class BearerAuth implements Handler<RoutingContext> {
    private static final String KEY = "switchboard.principal";
    private final TokenService tokens;

    /** A handler verifying with {@code tokens}. */
    public BearerAuth(TokenService tokens) {
        this.tokens = tokens;
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

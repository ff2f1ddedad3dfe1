package io.switchboard.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Envelope;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.auth.AuthException;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.auth.TokenService;
import io.switchboard.server.validation.JsonFields;
import io.vertx.core.Future;

/**
 * {@code {"type":"refresh_token","data":{"token":"…"}}}: a fresh token for the same user replaces the session's
 * before it expires, and moves the session's expiry to the new token's. A token that does not verify is
 * {@code unauthorized}, one for another user {@code forbidden}; either way the session keeps its old token.
 */
final class TokenRefresh implements MessageHandler {
    private static final int MAX_TOKEN_CHARS = 8192;
    private final TokenService tokens;
    private final Gateway gateway;

    TokenRefresh(TokenService tokens, Gateway gateway) {
        this.tokens = tokens;
        this.gateway = gateway;
    }

    @Override
    public Future<JsonNode> handle(Session session, Envelope envelope) {
        JsonFields data = JsonFields.data(envelope.data(), "token");
        String token = data.text("token", 1, MAX_TOKEN_CHARS);
        if (tokens == null) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "this session is not authenticated by a token", "data.token");
        }
        Principal fresh;
        try {
            fresh = tokens.verify(token);
        } catch (AuthException e) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, e.getMessage(), "data.token");
        }
        if (!fresh.userId().equals(session.userId())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "the token is for another user", "data.token");
        }
        session.principal(fresh);
        gateway.scheduleExpiry(session);
        return Future.succeededFuture(null);
    }
}

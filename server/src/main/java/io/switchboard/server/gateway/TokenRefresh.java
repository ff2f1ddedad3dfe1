package io.switchboard.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Envelope;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.auth.AuthException;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.auth.TokenService;
import io.vertx.core.Future;
import java.util.Iterator;

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
        JsonNode data = envelope.data();
        if (!data.isObject()) {
            throw new ProtocolException(data.isNull() || data.isMissingNode() ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_FIELD,
                    "data must be an object with token", "data");
        }
        for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("token")) {
                String shown = f.length() > 64 ? f.substring(0, 64) : f;
                throw new ProtocolException(ErrorCode.UNKNOWN_FIELD, "unknown field data." + shown, "data." + shown);
            }
        }
        JsonNode token = data.get("token");
        if (token == null || token.isNull()) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, "data.token is required", "data.token");
        }
        if (!token.isTextual() || token.textValue().isEmpty() || token.textValue().length() > MAX_TOKEN_CHARS) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "data.token must be a non-empty string", "data.token");
        }
        if (tokens == null) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "this session is not authenticated by a token", "data.token");
        }
        Principal fresh;
        try {
            fresh = tokens.verify(token.textValue());
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

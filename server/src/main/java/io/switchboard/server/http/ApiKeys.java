package io.switchboard.server.http;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks the backend API key, sent as {@code X-Api-Key: <key>} or {@code Authorization: ApiKey <key>}, in
 * constant time.
 */
public final class ApiKeys {
    private final byte[] key;

    /** A checker for the configured key; null means every call is refused. */
    public ApiKeys(String key) {
        this.key = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the request carries an API key at all, right or wrong. */
    public static boolean present(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        return ctx.request().getHeader("X-Api-Key") != null || (auth != null && auth.regionMatches(true, 0, "ApiKey ", 0, 7));
    }

    /** Throws 401 unless the request carries the key. */
    public void require(RoutingContext ctx) {
        String given = ctx.request().getHeader("X-Api-Key");
        String auth = ctx.request().getHeader("Authorization");
        if (given == null && auth != null && auth.regionMatches(true, 0, "ApiKey ", 0, 7)) {
            given = auth.substring(7).trim();
        }
        if (given == null) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "an API key is required (X-Api-Key header)");
        }
        if (key == null || !MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8))) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the API key is not valid");
        }
    }
}

package io.switchboard.server.auth;

import io.vertx.core.MultiMap;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Finds a bearer token in a WebSocket handshake: the {@code token} query parameter, an
 * {@code Authorization: Bearer} header, or a {@code bearer.<token>} entry of {@code Sec-WebSocket-Protocol}
 * (the only place a browser can put it besides the URL).
 */
public final class Credentials {
    /** The sub-protocol prefix that carries a token. */
    public static final String PROTOCOL_PREFIX = "bearer.";

    private Credentials() {
    }

    /** The token, or null when none of the three places has one. */
    public static String bearerToken(MultiMap headers, String query) {
        return bearerToken(headers::get, query);
    }

    /** The token, or null when none of the three places has one; {@code header} gives a header's first value. */
    public static String bearerToken(Function<String, String> header, String query) {
        String auth = header.apply("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        String protocols = header.apply("Sec-WebSocket-Protocol");
        if (protocols != null) {
            for (String p : protocols.split(",")) {
                String trimmed = p.trim();
                if (trimmed.startsWith(PROTOCOL_PREFIX) && trimmed.length() > PROTOCOL_PREFIX.length()) {
                    return trimmed.substring(PROTOCOL_PREFIX.length());
                }
            }
        }
        return queryParam(query, "token");
    }

    /** A decoded query parameter, or null. */
    public static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}

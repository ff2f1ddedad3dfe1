package io.switchboard.client.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads a JWT's {@code exp} without verifying it: the client only needs to know when to refresh. */
final class Jwt {
    private Jwt() {
    }

    /** When the token expires, in milliseconds since the epoch, or -1 when it is not a JWT with a numeric {@code exp}. */
    static long expiresAtMillis(String token) {
        if (token == null) {
            return -1;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return -1;
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            JsonNode claims = Json.mapper().readTree(new String(payload, StandardCharsets.UTF_8));
            JsonNode exp = claims == null ? null : claims.get("exp");
            return exp != null && exp.isNumber() ? (long) (exp.asDouble() * 1000) : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}

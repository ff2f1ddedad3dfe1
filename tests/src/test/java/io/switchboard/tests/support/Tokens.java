package io.switchboard.tests.support;

import io.switchboard.protocol.Json;
import io.switchboard.server.auth.TokenService;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/** Tokens a server must refuse, made the way an attacker or a misconfigured backend would make them. */
public final class Tokens {
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    /** A well-formed HS256 token for {@code user}, signed with a key the server does not have. */
    public static String signedWithAnotherKey(String user) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new TokenService(secret, Clock.systemUTC()).issue(user, Duration.ofHours(1));
    }

    /** An unsigned token ({@code alg: none}) whose claims would otherwise be accepted. */
    public static String unsigned(String user) {
        String header = Json.write(Json.object().put("alg", "none").put("typ", "JWT"));
        String claims = Json.write(Json.object().put("sub", user).put("iss", TokenService.ISSUER)
                .put("iat", Instant.now().getEpochSecond()).put("exp", Instant.now().plusSeconds(3600).getEpochSecond()));
        return encode(header) + "." + encode(claims) + ".";
    }

    /** A valid token whose payload was swapped for another user's, keeping the original signature. */
    public static String withSwappedSubject(String validToken, String otherUser) {
        String[] parts = validToken.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        com.fasterxml.jackson.databind.node.ObjectNode claims = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(payload);
        claims.put("sub", otherUser);
        return parts[0] + "." + encode(Json.write(claims)) + "." + parts[2];
    }

    private static String encode(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}

package io.switchboard.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.switchboard.protocol.CloseCode;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Issues and verifies HS256 JSON Web Tokens. Only HS256 is accepted: a token with {@code alg: none} or any
 * other algorithm is refused, whatever its claims say. Verification is CPU-only and fast enough for an event loop.
 *
 * <p>Two kinds of token share the key: access tokens ({@link #issue}, no {@code typ} claim) open sockets and call
 * the API; refresh tokens ({@link #issueRefresh}, {@code typ: "refresh"})
 * only buy new tokens. {@link #verify} refuses refresh tokens and {@link #verifyRefresh} accepts nothing else, so a
 * long-lived refresh token that leaks cannot be used as a session.
 */
public final class TokenService {
    /** The issuer written into and required of every token. */
    public static final String ISSUER = "switchboard";
    /** The claim that tells a refresh token from an access token. */
    public static final String TYPE_CLAIM = "typ";
    /** The {@link #TYPE_CLAIM} value of a refresh token. */
    public static final String REFRESH = "refresh";
    /** The claim listing a token's roles, such as {@code ["admin"]}. */
    public static final String ROLES_CLAIM = "roles";
    /** The most roles a token may carry, and their longest name: a claim is read into every request's principal. */
    private static final int MAX_ROLES = 32;
    private static final int MAX_ROLE_CHARS = 64;
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;

    /** A service for a secret of at least 32 bytes. */
    public TokenService(byte[] secret, Clock clock) {
        try {
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the signing key must be at least 32 bytes", e);
        }
        this.clock = clock;
    }

    /** A signed access token for {@code userId} that expires after {@code ttl}. */
    public String issue(String userId, Duration ttl) {
        return sign(userId, ttl, null, Set.of());
    }

    /** A signed access token for {@code userId} with a {@code roles} claim, such as {@code admin}. */
    public String issue(String userId, Duration ttl, Set<String> roles) {
        return sign(userId, ttl, null, roles);
    }

    /** A signed refresh token ({@code typ: "refresh"}) for {@code userId} that expires after {@code ttl}. */
    public String issueRefresh(String userId, Duration ttl) {
        return sign(userId, ttl, REFRESH, Set.of());
    }

    private String sign(String userId, Duration ttl, String type, Set<String> roles) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .subject(userId)
                .issuer(ISSUER)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
        if (type != null) {
            builder.claim(TYPE_CLAIM, type);
        }
        if (!roles.isEmpty()) {
            builder.claim(ROLES_CLAIM, new ArrayList<>(new TreeSet<>(roles)));
        }
        JWTClaimsSet claims = builder.build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }

    /**
     * Verifies an access token; throws {@link AuthException} with {@link CloseCode#INVALID_TOKEN} when it is not good,
     * a refresh token included.
     */
    public Principal verify(String token) {
        JWTClaimsSet claims = verifiedClaims(token);
        // Case-insensitive, so that "Refresh" from a hand-made token is refused too; other typ values (some
        // issuers write "Bearer") are left alone.
        if (claims.getClaim(TYPE_CLAIM) instanceof String type && type.equalsIgnoreCase(REFRESH)) {
            throw new AuthException(CloseCode.INVALID_TOKEN, "a refresh token is not an access token");
        }
        return principal(claims);
    }

    /** Verifies a refresh token; throws {@link AuthException} when it is not good or is not a refresh token. */
    public Principal verifyRefresh(String token) {
        JWTClaimsSet claims = verifiedClaims(token);
        if (!REFRESH.equals(claims.getClaim(TYPE_CLAIM))) {
            throw new AuthException(CloseCode.INVALID_TOKEN, "not a refresh token");
        }
        return principal(claims);
    }

    private static Principal principal(JWTClaimsSet claims) {
        return new Principal(claims.getSubject(), claims.getExpirationTime().toInstant(), roles(claims));
    }

    /** The {@code roles} claim: absent means none; anything but a short list of short strings refuses the token. */
    private static Set<String> roles(JWTClaimsSet claims) {
        Object claim = claims.getClaim(ROLES_CLAIM);
        if (claim == null) {
            return Set.of();
        }
        if (!(claim instanceof List<?> list) || list.size() > MAX_ROLES) {
            throw new AuthException(CloseCode.INVALID_TOKEN, "token roles must be a list of at most " + MAX_ROLES + " strings");
        }
        Set<String> roles = new HashSet<>();
        for (Object role : list) {
            if (!(role instanceof String name) || name.isEmpty() || name.length() > MAX_ROLE_CHARS) {
                throw new AuthException(CloseCode.INVALID_TOKEN, "token roles must be strings of 1 to " + MAX_ROLE_CHARS + " characters");
            }
            roles.add(name);
        }
        return roles;
    }

    private JWTClaimsSet verifiedClaims(String token) {
        if (token == null || token.isBlank()) {
            throw new AuthException(CloseCode.NO_CREDENTIALS, "no token");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new AuthException(CloseCode.INVALID_TOKEN, "token is not a signed JWT");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new AuthException(CloseCode.INVALID_TOKEN, "token algorithm must be HS256");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new AuthException(CloseCode.INVALID_TOKEN, "token signature is invalid");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            Date exp = claims.getExpirationTime();
            if (exp == null || exp.toInstant().plus(CLOCK_SKEW).isBefore(now)) {
                throw new AuthException(CloseCode.INVALID_TOKEN, "token is expired");
            }
            Date nbf = claims.getNotBeforeTime();
            if (nbf != null && nbf.toInstant().minus(CLOCK_SKEW).isAfter(now)) {
                throw new AuthException(CloseCode.INVALID_TOKEN, "token is not valid yet");
            }
            if (!ISSUER.equals(claims.getIssuer())) {
                throw new AuthException(CloseCode.INVALID_TOKEN, "token issuer is not " + ISSUER);
            }
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank() || subject.length() > 128) {
                throw new AuthException(CloseCode.INVALID_TOKEN, "token has no valid subject");
            }
            return claims;
        } catch (JOSEException | ParseException e) {
            throw new AuthException(CloseCode.INVALID_TOKEN, "token cannot be verified");
        }
    }
}

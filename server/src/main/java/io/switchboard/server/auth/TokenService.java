package io.switchboard.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
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
 * Issues and verifies JSON Web Tokens. The node's own are HS256 with its secret ({@code iss: "switchboard"}); with
 * an identity provider's keys ({@link AuthSettings}) RS256 and ES256 tokens signed by one of them are accepted too,
 * with the configured {@code iss} and {@code aud}. A token with {@code alg: none} or any other algorithm is refused,
 * whatever its claims say, and an HS256 token verifies only with the secret (never with a public key as an HMAC
 * key). Verification is CPU-only and never waits for a key fetch: fast enough for an event loop.
 *
 * <p>Two kinds of token share the key: access tokens ({@link #issue}, no {@code typ} claim) open sockets and call
 * the API; refresh tokens ({@link #issueRefresh}, {@code typ: "refresh"})
 * only buy new tokens. {@link #verify} refuses refresh tokens and {@link #verifyRefresh} accepts nothing else, so a
 * long-lived refresh token that leaks cannot be used as a session.
 */
public final class TokenService {
    /** The issuer written into and required of every HS256 token. */
    public static final String ISSUER = "switchboard";
    /** The claim that tells a refresh token from an access token. */
    public static final String TYPE_CLAIM = "typ";
    /** The {@link #TYPE_CLAIM} value of a refresh token. */
    public static final String REFRESH = "refresh";
    /** The claim listing a token's roles, such as {@code ["admin"]}. */
    public static final String ROLES_CLAIM = "roles";
    /** The claim of a subscription token that names the channel (or pattern ending in {@code *}) it grants. */
    public static final String CHANNEL_CLAIM = "channel";
    /** The longest {@link #CHANNEL_CLAIM}: a channel name with its namespace. */
    private static final int MAX_CHANNEL_CHARS = 200;
    /** The most roles a token may carry, and their longest name: a claim is read into every request's principal. */
    private static final int MAX_ROLES = 32;
    private static final int MAX_ROLE_CHARS = 64;
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final VerificationKeys external;
    private final String externalIssuer;
    private final String audience;
    private final Clock clock;

    /** A service for a secret of at least 32 bytes. */
    public TokenService(byte[] secret, Clock clock) {
        this(secret, null, null, null, clock);
    }

    /**
     * A service that issues and verifies HS256 tokens with {@code secret} (null: it issues none and refuses HS256),
     * and verifies RS256/ES256 tokens with {@code external} keys (null: none).
     *
     * @param externalIssuer the {@code iss} an RS256/ES256 token must have; null accepts any
     * @param audience       a value the {@code aud} of an RS256/ES256 token must contain; null checks none
     */
    public TokenService(byte[] secret, VerificationKeys external, String externalIssuer, String audience, Clock clock) {
        if (secret == null) {
            this.signer = null;
            this.verifier = null;
        } else {
            try {
                this.signer = new MACSigner(secret);
                this.verifier = new MACVerifier(secret);
            } catch (JOSEException e) {
                throw new IllegalArgumentException("the signing key must be at least 32 bytes", e);
            }
        }
        this.external = external;
        this.externalIssuer = externalIssuer;
        this.audience = audience;
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

    /**
     * A signed subscription token: {@code userId} may subscribe to {@code channel} (or, when it ends in {@code *}, to
     * every channel whose name starts with what comes before) until {@code ttl} has passed. The backend signs its own
     * with the same key; this one is for tests and the command line.
     */
    public String issueSubscription(String userId, String channel, Duration ttl) {
        return sign(userId, ttl, null, Set.of(), channel);
    }

    private String sign(String userId, Duration ttl, String type, Set<String> roles) {
        return sign(userId, ttl, type, roles, null);
    }

    private String sign(String userId, Duration ttl, String type, Set<String> roles, String channel) {
        if (signer == null) {
            throw new IllegalStateException("this node has no jwt-secret to sign tokens with (it verifies an identity provider's)");
        }
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
        if (channel != null) {
            builder.claim(CHANNEL_CLAIM, channel);
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
        // A subscription token grants one channel, never a session: one that leaks opens nothing else.
        if (claims.getClaim(CHANNEL_CLAIM) != null) {
            throw new AuthException(CloseCode.INVALID_TOKEN, "a subscription token is not an access token");
        }
        return principal(claims);
    }

    /**
     * Verifies a subscription token (signed as access tokens are, with a {@code channel} claim); throws
     * {@link AuthException} when it is not good, has no {@code channel} or is a refresh token.
     */
    public SubscriptionGrant verifySubscription(String token) {
        JWTClaimsSet claims = verifiedClaims(token);
        if (claims.getClaim(TYPE_CLAIM) instanceof String type && type.equalsIgnoreCase(REFRESH)) {
            throw new AuthException(CloseCode.INVALID_TOKEN, "a refresh token is not a subscription token");
        }
        if (!(claims.getClaim(CHANNEL_CLAIM) instanceof String channel) || channel.isEmpty()
                || channel.length() > MAX_CHANNEL_CHARS) {
            throw new AuthException(CloseCode.INVALID_TOKEN, "a subscription token needs a channel claim (a channel or a pattern ending in *)");
        }
        return new SubscriptionGrant(claims.getSubject(), channel, claims.getExpirationTime().toInstant());
    }

    /** Verifies a refresh token; throws {@link AuthException} when it is not good or is not a refresh token. */
    public Principal verifyRefresh(String token) {
        JWTClaimsSet claims = verifiedClaims(token);
        if (!REFRESH.equals(claims.getClaim(TYPE_CLAIM))) {
            throw new AuthException(CloseCode.INVALID_TOKEN, "not a refresh token");
        }
        return principal(claims);
    }

    private String accepted() {
        if (external == null) {
            return "HS256";
        }
        return verifier == null ? "RS256 or ES256" : "HS256, RS256 or ES256";
    }

    /** Whether one of the provider's keys of the token's kind and {@code kid} verifies it. */
    private boolean verifiedByProvider(SignedJWT jwt) throws JOSEException {
        JWSHeader header = jwt.getHeader();
        List<JWK> keys = external.candidates(header);
        if (keys.isEmpty()) {
            throw new AuthException(CloseCode.INVALID_TOKEN, "token key id " + shown(header.getKeyID()) + " is not one of the provider's keys");
        }
        for (JWK key : keys) {
            if (key.getAlgorithm() != null && !key.getAlgorithm().equals(header.getAlgorithm())) {
                continue;
            }
            JWSVerifier verifier = null;
            if (JWSAlgorithm.RS256.equals(header.getAlgorithm()) && key instanceof RSAKey rsa) {
                verifier = new RSASSAVerifier(rsa);
            } else if (JWSAlgorithm.ES256.equals(header.getAlgorithm()) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                verifier = new ECDSAVerifier(ec);
            }
            if (verifier != null && jwt.verify(verifier)) {
                return true;
            }
        }
        return false;
    }

    private static String shown(String kid) {
        return kid == null ? "(none)" : kid.length() > 64 ? kid.substring(0, 64) + "…" : kid;
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
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        boolean own = JWSAlgorithm.HS256.equals(alg) && verifier != null;
        boolean provider = (JWSAlgorithm.RS256.equals(alg) || JWSAlgorithm.ES256.equals(alg)) && external != null;
        if (!own && !provider) {
            throw new AuthException(CloseCode.INVALID_TOKEN, "token algorithm must be " + accepted());
        }
        try {
            if (!(own ? jwt.verify(verifier) : verifiedByProvider(jwt))) {
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
            String issuer = own ? ISSUER : externalIssuer;
            if (issuer != null && !issuer.equals(claims.getIssuer())) {
                throw new AuthException(CloseCode.INVALID_TOKEN, "token issuer is not " + issuer);
            }
            if (!own && audience != null && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
                throw new AuthException(CloseCode.INVALID_TOKEN, "token audience does not include " + audience);
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

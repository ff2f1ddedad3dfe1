package io.switchboard.server.auth;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Tokens signed by an identity provider (RS256 or ES256) next to the node's own HS256 ones.
 *
 * @param publicKey   PEM file of the one public key (RSA, or EC P-256) that signs them; null for none
 * @param jwksUrl     the provider's JSON Web Key Set URL, fetched and cached; null for none
 * @param jwksRefresh how often the key set is fetched again
 * @param issuer      the {@code iss} they must carry; null accepts any
 * @param audience    a value their {@code aud} must contain; null checks none
 */
public record AuthSettings(Path publicKey, String jwksUrl, Duration jwksRefresh, String issuer, String audience) {

    /** The settings this record reads, with their defaults and meanings. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("jwt-public-key", null, "PEM file with an identity provider's one public key (RSA 2048+ or EC P-256) whose RS256/ES256 tokens are accepted"),
            new SettingKey("jwt-jwks-url", null, "an identity provider's JSON Web Key Set URL whose RS256/ES256 tokens are accepted next to the node's HS256 ones"),
            new SettingKey("jwt-jwks-refresh", "10m", "how often the key set of jwt-jwks-url is fetched again; at least 1s"),
            new SettingKey("jwt-issuer", null, "the iss an RS256/ES256 token must have; unset: unchecked"),
            new SettingKey("jwt-audience", null, "a value the aud of an RS256/ES256 token must contain; unset: unchecked"));

    /** The names of {@link #DECLARED}. */
    public static final List<String> KEYS = SettingKey.names(DECLARED);

    /** Reads and validates its keys (the key file is read and parsed); throws {@link InvalidSettingException} naming the first bad one. */
    public static AuthSettings from(SettingValues v) {
        Path publicKey = v.path("jwt-public-key", null);
        String jwksUrl = v.httpUrl("jwt-jwks-url", "https://example.auth0.com/.well-known/jwks.json");
        if (publicKey != null && jwksUrl != null) {
            throw new InvalidSettingException("jwt-public-key", "set jwt-public-key or jwt-jwks-url, not both");
        }
        AuthSettings settings = new AuthSettings(publicKey, jwksUrl,
                v.duration("jwt-jwks-refresh", Duration.ofMinutes(10), Duration.ofSeconds(1)),
                v.string("jwt-issuer", null), v.string("jwt-audience", null));
        if (publicKey != null) {
            settings.staticKeys();
        }
        return settings;
    }

    /** Whether tokens from an identity provider are accepted. */
    public boolean external() {
        return publicKey != null || jwksUrl != null;
    }

    /** The configured key, parsed; {@link InvalidSettingException} naming {@code jwt-public-key} when it is not usable. */
    StaticKeys staticKeys() {
        try {
            return StaticKeys.fromPem(Files.readString(publicKey));
        } catch (IOException e) {
            throw new InvalidSettingException("jwt-public-key", "cannot read " + publicKey + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("jwt-public-key", publicKey + ": " + e.getMessage());
        }
    }

    /**
     * The provider's keys: the static key, or the key set fetched now and kept fresh (close it with the node), or
     * null when none is configured. Blocking: call at start-up.
     */
    public VerificationKeys open() {
        if (publicKey != null) {
            return staticKeys();
        }
        return jwksUrl == null ? null : JwksKeys.start(URI.create(jwksUrl), jwksRefresh);
    }
}

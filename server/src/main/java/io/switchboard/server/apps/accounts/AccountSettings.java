package io.switchboard.server.apps.accounts;

import io.switchboard.server.auth.PasswordHasher;
import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import java.time.Duration;
import java.util.List;

/**
 * The accounts app's settings.
 *
 * @param accessTokenTtl         lifetime of the access tokens it issues
 * @param refreshTokenTtl        lifetime of the refresh tokens it issues
 * @param passwordIterations     PBKDF2 iterations of new password hashes
 * @param loginAttemptsPerMinute login attempts allowed per client IP and per username and IP (register: per IP), per
 *                               minute; also the failures in a row after which a username backs off for addresses
 *                               its user never signed in from
 */
public record AccountSettings(Duration accessTokenTtl, Duration refreshTokenTtl, int passwordIterations,
                              int loginAttemptsPerMinute) {

    /** The settings this record reads, with their defaults and meanings. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("access-token-ttl", "15m", "lifetime of the access tokens the accounts app issues"),
            new SettingKey("refresh-token-ttl", "30d", "lifetime of the refresh tokens the accounts app issues; longer than access-token-ttl"),
            new SettingKey("password-iterations", "600000", "PBKDF2-HMAC-SHA256 rounds of new password hashes; at least 1000"),
            new SettingKey("login-attempts-per-minute", "10", "login attempts per client address and per username and address, and registrations per address"));

    /** The names of {@link #DECLARED}. */
    public static final List<String> KEYS = SettingKey.names(DECLARED);

    /** Reads and validates its keys; throws {@link InvalidSettingException} naming the first bad one. */
    public static AccountSettings from(SettingValues v) {
        Duration accessTtl = v.duration("access-token-ttl", Duration.ofMinutes(15), Duration.ofSeconds(10));
        Duration refreshTtl = v.duration("refresh-token-ttl", Duration.ofDays(30), Duration.ofMinutes(1));
        if (refreshTtl.compareTo(accessTtl) <= 0) {
            throw new InvalidSettingException("refresh-token-ttl",
                    "must be longer than access-token-ttl (" + accessTtl.toSeconds() + "s)");
        }
        return new AccountSettings(accessTtl, refreshTtl,
                // OWASP's 2023 figure for PBKDF2-HMAC-SHA256; the floor keeps a typo from storing weak hashes.
                v.integer("password-iterations", 600_000, PasswordHasher.MIN_ITERATIONS, PasswordHasher.MAX_ITERATIONS),
                v.integer("login-attempts-per-minute", 10, 1, 1_000_000));
    }
}

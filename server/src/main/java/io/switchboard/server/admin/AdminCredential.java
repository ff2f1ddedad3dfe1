package io.switchboard.server.admin;

import io.switchboard.server.auth.SigningKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The admin console's password and the session tokens a correct password buys. A token is its expiry and an HMAC
 * of it under a key derived from the password: every node with the same password accepts it (a console behind a
 * load balancer works), nothing is kept per session, and changing the password ends every session. Compared in
 * constant time.
 */
public final class AdminCredential {
    /** The generated password's file in the data directory (development mode, no {@code admin-password}). */
    public static final String FILE_NAME = "admin-password";
    /** How long a session token is accepted. */
    static final Duration SESSION = Duration.ofHours(8);

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] passwordDigest;
    private final SecretKeySpec sessionKey;

    AdminCredential(String password) {
        this.passwordDigest = sha256(password.getBytes(StandardCharsets.UTF_8));
        this.sessionKey = new SecretKeySpec(sha256(("switchboard admin session\n" + password).getBytes(StandardCharsets.UTF_8)),
                "HmacSHA256");
    }

    /**
     * The configured password, or else the one in {@code dataDir/admin-password}, generated (0600) the first time.
     * Blocks on the file: call at start-up.
     */
    public static AdminCredential of(AdminSettings settings, Path dataDir) {
        return new AdminCredential(settings.password() != null ? settings.password()
                : SigningKey.readOrCreate(dataDir.resolve(FILE_NAME), 24));
    }

    /** Whether {@code given} is the password; its digest is compared, so the time says nothing of either length. */
    boolean matches(String given) {
        return given != null && MessageDigest.isEqual(passwordDigest, sha256(given.getBytes(StandardCharsets.UTF_8)));
    }

    /** A session token valid for {@link #SESSION} from {@code nowMillis}. */
    String issue(long nowMillis) {
        byte[] expiry = ByteBuffer.allocate(Long.BYTES).putLong(nowMillis + SESSION.toMillis()).array();
        return B64.encodeToString(expiry) + "." + B64.encodeToString(mac(expiry));
    }

    /** Whether {@code token} was issued with this password and has not expired at {@code nowMillis}. */
    boolean accepts(String token, long nowMillis) {
        if (token == null || token.length() > 128) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return false;
        }
        try {
            byte[] expiry = B64D.decode(token.substring(0, dot));
            byte[] signature = B64D.decode(token.substring(dot + 1));
            return expiry.length == Long.BYTES && MessageDigest.isEqual(mac(expiry), signature)
                    && ByteBuffer.wrap(expiry).getLong() > nowMillis;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] mac(byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(sessionKey);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

package io.switchboard.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes from the JDK, stored as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}
 * (standard base64) with a random 16-byte salt and a 32-byte hash. A hash is verified with the iteration count
 * it carries, so the configured count can be raised without invalidating stored hashes ({@link #needsRehash}).
 *
 * <p>Deliberately slow: call it on a worker thread, never on an event loop. Thread-safe.
 */
public final class PasswordHasher {
    /** The scheme prefix of every encoded hash. */
    public static final String SCHEME = "pbkdf2-sha256";
    /** The fewest iterations accepted, in settings and in stored hashes. */
    public static final int MIN_ITERATIONS = 1_000;
    /** The most iterations accepted: a stored hash claiming more is refused rather than burning minutes of CPU. */
    public static final int MAX_ITERATIONS = 50_000_000;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    /** A hasher writing new hashes with {@code iterations} rounds. */
    public PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be from " + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
        }
        this.iterations = iterations;
    }

    /** The iteration count of new hashes. */
    public int iterations() {
        return iterations;
    }

    /** A new encoded hash of {@code password} with a fresh salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /**
     * Whether {@code password} matches {@code encoded}, derived with the encoded iteration count and compared in
     * constant time. A malformed or foreign encoding never matches.
     */
    public boolean verify(String password, String encoded) {
        Encoded e = Encoded.parse(encoded);
        if (e == null) {
            return false;
        }
        return MessageDigest.isEqual(derive(password, e.salt, e.iterations, e.hash.length), e.hash);
    }

    /** Whether a stored hash should be replaced: another iteration count than the configured one, or unreadable. */
    public boolean needsRehash(String encoded) {
        Encoded e = Encoded.parse(encoded);
        return e == null || e.iterations != iterations;
    }

    /** The iteration count an encoded hash carries, or -1 when it is not one of ours. */
    public static int iterationsOf(String encoded) {
        Encoded e = Encoded.parse(encoded);
        return e == null ? -1 : e.iterations;
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int bytes) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    private record Encoded(int iterations, byte[] salt, byte[] hash) {
        static Encoded parse(String encoded) {
            if (encoded == null) {
                return null;
            }
            String[] parts = encoded.split("\\$", -1);
            if (parts.length != 4 || !parts[0].equals(SCHEME)) {
                return null;
            }
            try {
                int iterations = Integer.parseInt(parts[1]);
                byte[] salt = Base64.getDecoder().decode(parts[2].getBytes(StandardCharsets.US_ASCII));
                byte[] hash = Base64.getDecoder().decode(parts[3].getBytes(StandardCharsets.US_ASCII));
                if (iterations < 1 || iterations > MAX_ITERATIONS || salt.length == 0 || hash.length < 16 || hash.length > 64) {
                    return null;
                }
                return new Encoded(iterations, salt, hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}

package io.switchboard.server.apps.ingest;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Device credentials: 32 bytes from a {@link SecureRandom}, base64url without padding (43 characters). */
public final class ChildHashes {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

    private ChildHashes() {
    }

    /** A new, unguessable hash. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a string could be a hash at all (anything else cannot name a child and needs no lookup). */
    public static boolean wellFormed(String hash) {
        return hash != null && FORMAT.matcher(hash).matches();
    }
}

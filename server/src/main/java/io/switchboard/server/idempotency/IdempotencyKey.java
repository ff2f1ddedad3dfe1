package io.switchboard.server.idempotency;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One request's {@code Idempotency-Key}, in the scope of the API that took it, with a fingerprint of what the request
 * asked for: the same key with the same request is a retry; the same key with another request is a mistake.
 *
 * @param scope       the API ({@code inbox}, {@code publish}): keys of different APIs never meet
 * @param key         the client's key (for one event of an array, the key and the event's index)
 * @param fingerprint SHA-256 (hex) of the request's parts
 */
public record IdempotencyKey(String scope, String key, String fingerprint) {
    /** The request header. */
    public static final String HEADER = "Idempotency-Key";
    /** Longest key a client may send. */
    public static final int MAX_LENGTH = 255;

    /**
     * The key of a request whose header is {@code header} (null when it has none), fingerprinted over {@code parts}.
     * A key must be 1 to 255 printable ASCII characters: anything else is refused with {@code invalid_field}.
     */
    public static IdempotencyKey of(String scope, String header, String... parts) {
        if (header == null) {
            return null;
        }
        check(header);
        return new IdempotencyKey(scope, header, fingerprint(parts));
    }

    /** Checks a header value; throws {@code invalid_field} naming the header. */
    public static void check(String header) {
        if (header.isEmpty() || header.length() > MAX_LENGTH || !header.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "Idempotency-Key must be 1 to " + MAX_LENGTH + " printable ASCII characters", HEADER);
        }
    }

    /** The key of the {@code index}th item of a request sent with this key, fingerprinted over its own parts. */
    public IdempotencyKey item(int index, String... parts) {
        return new IdempotencyKey(scope, key + "#" + index, fingerprint(parts));
    }

    static String fingerprint(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

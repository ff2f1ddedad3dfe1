package io.switchboard.server.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by Redis as one step: nothing else runs on Redis between its first and last command. Sent by
 * its SHA-1 ({@code EVALSHA}), loaded when a connection opens, and sent whole when Redis has forgotten it.
 *
 * @param name a name for logs and errors
 * @param text the Lua source
 * @param sha  its SHA-1, in lower-case hex
 */
public record RedisScript(String name, String text, String sha) {
    /** A script from its source; its SHA-1 is computed here. */
    public static RedisScript of(String name, String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return new RedisScript(name, text, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}

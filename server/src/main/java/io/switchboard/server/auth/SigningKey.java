package io.switchboard.server.auth;

import io.switchboard.server.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HS256 secret: from configuration, or generated once and kept in {@code <data-dir>/signing-key} so that
 * {@code switchboard token} and the server agree without any setup.
 */
public final class SigningKey {
    /** The key file's name under the data directory. */
    public static final String FILE_NAME = "signing-key";

    private SigningKey() {
    }

    /** The configured secret's bytes, or the data directory's key, created on first use. */
    public static byte[] resolve(String configuredSecret, Path dataDir) {
        if (configuredSecret != null) {
            return configuredSecret.getBytes(StandardCharsets.UTF_8);
        }
        return Base64.getDecoder().decode(readOrCreate(dataDir.resolve(FILE_NAME), 32).trim());
    }

    /**
     * Reads a secret file, or writes {@code bytes} random bytes (base64) to it, mode 0600 in a directory created
     * 0700 (see {@link PrivateFiles}).
     */
    public static synchronized String readOrCreate(Path file, int bytes) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            byte[] random = new byte[bytes];
            new SecureRandom().nextBytes(random);
            String encoded = Base64.getEncoder().encodeToString(random);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            // A leftover of a crashed write may have any mode: start over with a file that is 0600 from its creation.
            Files.deleteIfExists(tmp);
            PrivateFiles.createFile(tmp);
            Files.writeString(tmp, encoded + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}

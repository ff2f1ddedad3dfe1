package io.switchboard.server.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Files only the node's own user may read: the data directory (0700), the SQLite database and its {@code -wal} and
 * {@code -shm} (0600), the signing key and the API key (0600). They hold password hashes, the devices' only
 * credential and the keys that mint tokens. Created with these modes from the start (never opened wider and
 * narrowed after), and checked at each start, since an operator's copy or a restore may have widened them.
 * On a file system without POSIX permissions (Windows) the directory's own access rules apply and nothing is
 * checked.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {
    }

    /** Creates {@code dir} and any missing parents with mode 0700; an existing directory is left as it is. */
    public static void createDirectory(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return;
            }
            if (posix(dir)) {
                Files.createDirectories(dir, attribute("rwx------"));
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir, e);
        }
    }

    /**
     * Creates an empty {@code file} with mode 0600 unless it exists, its directory with 0700 if missing. SQLite then
     * gives its {@code -wal} and {@code -shm} files the database file's mode.
     */
    public static void createFile(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        createDirectory(parent);
        try {
            if (posix(parent)) {
                Files.createFile(file, attribute("rw-------"));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // Kept as it is; the start-up check says so if it is open to others.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    /**
     * One line for each of {@code paths} that exists and that its group or others may use, naming it, its mode and
     * the command that fixes it; empty when all are private (or the file system has no POSIX modes).
     */
    public static List<String> openToOthers(List<Path> paths) {
        List<String> warnings = new ArrayList<>();
        for (Path path : paths) {
            try {
                if (!Files.exists(path) || !posix(path)) {
                    continue;
                }
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
                if (perms.stream().anyMatch(OTHERS::contains)) {
                    boolean dir = Files.isDirectory(path);
                    warnings.add(path + " is " + PosixFilePermissions.toString(perms) + ": other users of this machine can "
                            + (dir ? "list and read" : "read") + " it; chmod " + (dir ? "700 " : "600 ") + path);
                }
            } catch (IOException e) {
                warnings.add("cannot read the mode of " + path + ": " + e.getMessage());
            }
        }
        return warnings;
    }

    private static boolean posix(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing != null && Files.getFileStore(existing).supportsFileAttributeView("posix");
        } catch (IOException e) {
            return false;
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(String mode) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
    }
}

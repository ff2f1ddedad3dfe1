package io.switchboard.server.store;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Which database the node uses and how long a request waits for it.
 *
 * @param url      JDBC URL; SQLite under the data directory by default, {@code jdbc:postgresql:} for PostgreSQL
 * @param user     database user (PostgreSQL), may be null
 * @param password database password (PostgreSQL), may be null
 * @param timeout  how long a request waits for a database connection (on PostgreSQL also to connect) before it is
 *                 refused with {@code unavailable}
 * @param sqliteSynchronous SQLite's {@code synchronous} under WAL: {@code NORMAL} (the default: a commit is not
 *                 synced, so an OS crash or power cut may undo the last acked commits, never corrupt the file) or
 *                 {@code FULL} (each commit is synced before it is acked, at the cost of a sync per transaction)
 */
public record DatabaseSettings(String url, String user, String password, Duration timeout, String sqliteSynchronous) {

    /** The settings this record reads. */
    public static final List<String> KEYS = List.of("database-url", "database-user", "database-password", "database-timeout",
            "sqlite-synchronous");

    /**
     * Reads and validates its keys; throws {@link InvalidSettingException} naming the first bad one.
     *
     * @param dataDir where the SQLite file lives when no URL is given
     */
    public static DatabaseSettings from(SettingValues v, Path dataDir) {
        String url = normalise(v.string("database-url", "jdbc:sqlite:" + dataDir.resolve("switchboard.db")));
        String synchronous = v.string("sqlite-synchronous", "NORMAL").toUpperCase(java.util.Locale.ROOT);
        if (!List.of("NORMAL", "FULL").contains(synchronous)) {
            throw new InvalidSettingException("sqlite-synchronous", "must be NORMAL or FULL");
        }
        return new DatabaseSettings(url, v.string("database-user", null), v.string("database-password", null),
                v.duration("database-timeout", Duration.ofSeconds(5), Duration.ofMillis(500)), synchronous);
    }

    /** The SQLite database file, or null for PostgreSQL and for an in-memory or {@code file:} URI database. */
    public Path sqliteFile() {
        if (!sqlite()) {
            return null;
        }
        String file = url.substring("jdbc:sqlite:".length());
        int q = file.indexOf('?');
        if (q >= 0) {
            file = file.substring(0, q);
        }
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return null;
        }
        return Path.of(file).toAbsolutePath();
    }

    /** Whether the database is SQLite. */
    public boolean sqlite() {
        return url.startsWith("jdbc:sqlite:");
    }

    private static String normalise(String url) {
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            return "jdbc:postgresql://" + url.substring(url.indexOf("://") + 3);
        }
        if (url.startsWith("jdbc:sqlite:") || url.startsWith("jdbc:postgresql:")) {
            return url;
        }
        throw new InvalidSettingException("database-url", "must start with jdbc:sqlite:, jdbc:postgresql: or postgres://");
    }
}

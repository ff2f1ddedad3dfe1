package io.switchboard.server.store;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingKey;
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

    /** The settings this record reads, with their defaults and meanings. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("database-url", null, "jdbc:sqlite:FILE, jdbc:postgresql://host:5432/db or postgres://user:password@host:5432/db; unset: jdbc:sqlite:<data-dir>/switchboard.db"),
            new SettingKey("database-user", null, "PostgreSQL user (or the user part of a postgres:// URL)"),
            new SettingKey("database-password", null, "PostgreSQL password (or the password part of a postgres:// URL)"),
            new SettingKey("database-timeout", "5s", "how long a request waits for a database connection before it is refused with unavailable; at least 500ms"),
            new SettingKey("sqlite-synchronous", "NORMAL", "SQLite synchronous under WAL: NORMAL may lose the last acked commits to a power cut, FULL syncs each commit"));

    /** The names of {@link #DECLARED}. */
    public static final List<String> KEYS = SettingKey.names(DECLARED);

    /**
     * Reads and validates its keys; throws {@link InvalidSettingException} naming the first bad one.
     *
     * @param dataDir where the SQLite file lives when no URL is given
     */
    public static DatabaseSettings from(SettingValues v, Path dataDir) {
        String given = v.string("database-url", "jdbc:sqlite:" + dataDir.resolve("switchboard.db"));
        String user = v.string("database-user", null);
        String password = v.string("database-password", null);
        String url;
        if (given.startsWith("postgres://") || given.startsWith("postgresql://")) {
            PostgresUrl parsed = PostgresUrl.parse(given);
            url = parsed.jdbcUrl();
            user = user != null ? user : parsed.user();
            password = password != null ? password : parsed.password();
        } else {
            url = normalise(given);
        }
        String synchronous = v.string("sqlite-synchronous", "NORMAL").toUpperCase(java.util.Locale.ROOT);
        if (!List.of("NORMAL", "FULL").contains(synchronous)) {
            throw new InvalidSettingException("sqlite-synchronous", "must be NORMAL or FULL");
        }
        return new DatabaseSettings(url, user, password,
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
        if (url.startsWith("jdbc:sqlite:") || url.startsWith("jdbc:postgresql:")) {
            return url;
        }
        throw new InvalidSettingException("database-url", "must start with jdbc:sqlite:, jdbc:postgresql: or postgres://");
    }
}

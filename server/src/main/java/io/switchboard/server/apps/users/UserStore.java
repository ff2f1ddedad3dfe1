package io.switchboard.server.apps.users;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.store.Database;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The users table. Updates are field-level ({@code UPDATE … SET only the fields sent}), so two clients
 * editing different fields of one record never overwrite each other; each change bumps the version inside the
 * same statement, so a conditional update ({@code If-Match}) cannot race another writer.
 */
public final class UserStore {
    private static final String COLUMNS = "id, first_name, last_name, created_at, updated_at, version";
    private final Database db;

    /** A store on the database. */
    public UserStore(Database db) {
        this.db = db;
    }

    /** Users with an id greater than {@code after}, in id order, at most {@code limit}. */
    public Future<List<User>> list(long after, int limit) {
        return list(after, limit, true);
    }

    /**
     * As {@link #list(long, int)}; without {@code accounts}, only the records made through this app, not the
     * accounts of the accounts app (which live in this table with a username), so that a demo editing "a user"
     * never renames somebody's account.
     */
    public Future<List<User>> list(long after, int limit, boolean accounts) {
        String where = accounts ? "id > ?" : "id > ? AND username IS NULL";
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM users WHERE " + where + " ORDER BY id LIMIT ?")) {
                ps.setLong(1, after);
                ps.setInt(2, limit);
                List<User> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
                return out;
            }
        });
    }

    /** The user, or a failed future with {@code not_found}. */
    public Future<User> get(long id) {
        return db.withConnection(c -> find(c, id));
    }

    /** Creates a user from complete changes; returns it once committed. */
    public Future<User> create(UserChanges changes) {
        return db.inTransaction(c -> {
            long now = System.currentTimeMillis();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO users (first_name, last_name, created_at, updated_at, version) VALUES (?, ?, ?, ?, 1)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, changes.fields().get("first_name"));
                ps.setString(2, changes.fields().get("last_name"));
                ps.setLong(3, now);
                ps.setLong(4, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return find(c, keys.getLong(1));
                }
            }
        });
    }

    /**
     * Applies the changed fields; with {@code expectedVersion} only if the record is still at that version, else
     * fails with {@link StaleVersionException} carrying the current record. Returns the committed record.
     */
    public Future<User> update(long id, UserChanges changes, Long expectedVersion) {
        return db.inTransaction(c -> {
            if (changes.isEmpty()) {
                User current = find(c, id);
                if (expectedVersion != null && current.version() != expectedVersion) {
                    throw new StaleVersionException(current);
                }
                return current;
            }
            StringBuilder sql = new StringBuilder("UPDATE users SET ");
            for (String column : changes.fields().keySet()) {
                sql.append(column).append(" = ?, ");
            }
            sql.append("updated_at = ?, version = version + 1 WHERE id = ?");
            if (expectedVersion != null) {
                sql.append(" AND version = ?");
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                for (Map.Entry<String, String> e : changes.fields().entrySet()) {
                    ps.setString(i++, e.getValue());
                }
                ps.setLong(i++, System.currentTimeMillis());
                ps.setLong(i++, id);
                if (expectedVersion != null) {
                    ps.setLong(i, expectedVersion);
                }
                if (ps.executeUpdate() == 0) {
                    throw new StaleVersionException(find(c, id));
                }
            }
            return find(c, id);
        });
    }

    /** Deletes a user; returns the record as it was, or fails with {@code not_found}. */
    public Future<User> delete(long id) {
        return db.inTransaction(c -> {
            User gone = find(c, id);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            return gone;
        });
    }

    private static User find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ProtocolException(ErrorCode.NOT_FOUND, "no user with id " + id);
                }
                return read(rs);
            }
        }
    }

    private static User read(ResultSet rs) throws SQLException {
        return new User(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
    }

    /** A conditional update met a newer version; carries the current record. */
    public static final class StaleVersionException extends ProtocolException {
        private final transient User current;

        StaleVersionException(User current) {
            super(ErrorCode.PRECONDITION_FAILED, "the user is at version " + current.version()
                    + "; reload it and apply your change again", "If-Match");
            this.current = current;
        }

        /** The record as it is now. */
        public User current() {
            return current;
        }
    }
}

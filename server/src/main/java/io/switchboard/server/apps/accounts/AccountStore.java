package io.switchboard.server.apps.accounts;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.apps.users.User;
import io.switchboard.server.store.Database;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Accounts in the users table. A username is claimed by the insert itself: the unique index decides between two
 * registrations racing for one name, never a read before the write.
 */
final class AccountStore {
    private static final String COLUMNS = "id, first_name, last_name, created_at, updated_at, version, username";
    /** PostgreSQL's SQLSTATE for a unique violation. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** SQLite's primary result code for any constraint failure. */
    private static final int SQLITE_CONSTRAINT = 19;

    private final Database db;

    AccountStore(Database db) {
        this.db = db;
    }

    /** Inserts an account; fails with {@code conflict} (field {@code username}) when the name is taken. */
    Future<Account> create(String username, String passwordHash, String firstName, String lastName) {
        return db.inTransaction(c -> {
            long now = System.currentTimeMillis();
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (first_name, last_name, created_at, updated_at, "
                    + "version, username, password_hash) VALUES (?, ?, ?, ?, 1, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, firstName);
                ps.setString(2, lastName);
                ps.setLong(3, now);
                ps.setLong(4, now);
                ps.setString(5, username);
                ps.setString(6, passwordHash);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            } catch (SQLException e) {
                if (isUniqueViolation(e)) {
                    throw new ProtocolException(ErrorCode.CONFLICT, "username " + username + " is taken", "username");
                }
                throw e;
            }
            Account account = find(c, id);
            if (account == null) {
                throw new SQLException("the inserted user " + id + " is not readable");
            }
            return account;
        });
    }

    /** The account and its password hash for a (lower-case) username; null when no user has that name. */
    Future<Login> findLogin(String username) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", password_hash FROM users WHERE username = ?")) {
                ps.setString(1, username);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Login(read(rs), rs.getString(8)) : null;
                }
            }
        });
    }

    /** The account with this id, or null when there is none. */
    Future<Account> get(long id) {
        return db.withConnection(c -> find(c, id));
    }

    /** Replaces a password hash, unless it changed since {@code oldHash} was read; returns whether it did. */
    Future<Boolean> replaceHash(long id, String oldHash, String newHash) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?")) {
                ps.setString(1, newHash);
                ps.setLong(2, id);
                ps.setString(3, oldHash);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static Account find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    private static Account read(ResultSet rs) throws SQLException {
        User user = new User(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
        return new Account(user, rs.getString(7));
    }

    private boolean isUniqueViolation(SQLException e) {
        if (db.sqlite()) {
            return e.getErrorCode() == SQLITE_CONSTRAINT && String.valueOf(e.getMessage()).contains("UNIQUE");
        }
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    /**
     * What a login needs.
     *
     * @param account      the account
     * @param passwordHash its stored hash; null when the user has no password (created through the users API)
     */
    record Login(Account account, String passwordHash) {
    }
}

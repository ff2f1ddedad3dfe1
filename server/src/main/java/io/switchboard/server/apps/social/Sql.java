package io.switchboard.server.apps.social;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small statements the social stores share. */
final class Sql {
    private Sql() {
    }

    /** Whether the query, with {@code keys} bound in order, finds a row. */
    static boolean exists(Connection c, String sql, long... keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 1, keys);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Takes the notification of a like, comment or follow whose earlier request did not store it (its
     * {@code notified_at} is NULL); true when this request now sends it.
     */
    static boolean claim(Connection c, String table, String where, long now, long... keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET notified_at = ? WHERE " + where
                + " AND notified_at IS NULL")) {
            ps.setLong(1, now);
            bind(ps, 2, keys);
            return ps.executeUpdate() == 1;
        }
    }

    /** Gives a notification back (NULL {@code notified_at}), so that a retry of the request sends it. */
    static Void release(Connection c, String table, String where, long... keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET notified_at = NULL WHERE " + where)) {
            bind(ps, 1, keys);
            ps.executeUpdate();
        }
        return null;
    }

    /** Binds a statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Finds the id of the row already stored under a natural key. */
    @FunctionalInterface
    interface Lookup {
        long find() throws SQLException;
    }

    /** An inserted or found row's id (-1: nothing inserted and no key to look for), and whether it is new. */
    record Inserted(long id, boolean created) {
    }

    /**
     * Inserts a row that may carry a natural key (a client id, a direct conversation's pair), so that a retry stores
     * nothing twice. With a key the statement gets {@code ON CONFLICT DO NOTHING} and {@code existing} finds the
     * row's id whether it is new or was there; without one the row's generated id is returned.
     */
    static Inserted insertOrFind(Connection c, String sql, boolean keyed, Binder binder, Lookup existing) throws SQLException {
        try (PreparedStatement ps = keyed ? c.prepareStatement(sql + " ON CONFLICT DO NOTHING")
                : c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            binder.bind(ps);
            boolean created = ps.executeUpdate() == 1;
            if (keyed) {
                return new Inserted(existing.find(), created);
            }
            if (!created) {
                return new Inserted(-1, false);
            }
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Inserted(keys.getLong(1), true);
            }
        }
    }

    private static void bind(PreparedStatement ps, int first, long... keys) throws SQLException {
        for (int i = 0; i < keys.length; i++) {
            ps.setLong(first + i, keys[i]);
        }
    }
}

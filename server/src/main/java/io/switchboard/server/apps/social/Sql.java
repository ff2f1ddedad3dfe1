package io.switchboard.server.apps.social;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

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

    private static void bind(PreparedStatement ps, int first, long... keys) throws SQLException {
        for (int i = 0; i < keys.length; i++) {
            ps.setLong(first + i, keys[i]);
        }
    }
}

package io.switchboard.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The installation's id, kept in {@code switchboard_meta}: created by the first node that starts on a
 * database and shared by every node after, so logs and metrics from many nodes name one installation.
 */
public final class NodeIdentity {
    private static final String KEY = "installation_id";

    private NodeIdentity() {
    }

    /** Reads the id, creating it on first start. Blocking: call at start-up. */
    public static String load(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            String existing = read(c);
            if (existing != null) {
                return existing;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO switchboard_meta (meta_key, meta_value, updated_at) VALUES (?, ?, ?)")) {
                ps.setString(1, KEY);
                ps.setString(2, UUID.randomUUID().toString());
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            } catch (SQLException raced) {
                // Another node inserted it first: its id wins.
            }
            return read(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the installation id: " + e.getMessage(), e);
        }
    }

    private static String read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM switchboard_meta WHERE meta_key = ?")) {
            ps.setString(1, KEY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}

package io.switchboard.server.apps.ingest;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The children table. Blocking JDBC on a connection the caller provides: the app calls it through the
 * database's worker pool, the command line directly.
 */
public final class ChildStore {
    /** Children one parent may enrol. */
    public static final int MAX_PER_PARENT = 100;
    /** The longest name. */
    public static final int MAX_NAME = 100;
    private static final String COLUMNS = "id, parent_id, name, child_hash, created_at";

    private ChildStore() {
    }

    /**
     * Enrols a child for a parent with a fresh hash; the caller commits (and rolls back when this throws). The
     * insert comes first so that the transaction takes SQLite's write lock at once (a transaction that reads first
     * cannot wait for the lock and fails when another writer got there first).
     */
    public static Child create(Connection c, String parentId, String name) throws SQLException {
        String hash = ChildHashes.generate();
        long now = System.currentTimeMillis();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO children (parent_id, name, child_hash, created_at) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, parentId);
            ps.setString(2, name);
            ps.setString(3, hash);
            ps.setLong(4, now);
            ps.executeUpdate();
            Child child;
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                child = new Child(keys.getLong(1), parentId, name, hash, now);
            }
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM children WHERE parent_id = ?")) {
                count.setString(1, parentId);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > MAX_PER_PARENT) {
                        throw new ProtocolException(ErrorCode.CONFLICT, "a parent may enrol at most " + MAX_PER_PARENT + " children");
                    }
                }
            }
            return child;
        }
    }

    /** A parent's children in enrolment order. */
    public static List<Child> list(Connection c, String parentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM children WHERE parent_id = ? ORDER BY id")) {
            ps.setString(1, parentId);
            List<Child> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    /** The child with this id, if any. */
    public static Optional<Child> byId(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM children WHERE id = ?")) {
            ps.setLong(1, id);
            return one(ps);
        }
    }

    /** The child whose device holds this hash, if any: one indexed lookup whether or not it exists. */
    public static Optional<Child> byHash(Connection c, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM children WHERE child_hash = ?")) {
            ps.setString(1, hash);
            return one(ps);
        }
    }

    /** Validates a display name: 1 to 100 characters after trimming, no control characters. */
    public static String validName(String raw, String field) {
        if (raw == null) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, field + " is required", field);
        }
        String name = raw.strip();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, field + " must be 1 to " + MAX_NAME + " printable characters", field);
        }
        return name;
    }

    private static Optional<Child> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private static Child read(ResultSet rs) throws SQLException {
        return new Child(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5));
    }
}

package io.switchboard.server.apps.social;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How a user is named to others: the one place that knows which columns of {@code users} make the display name
 * (the account's username; first and last name for a user made through the users API, who has none). Every
 * query of the app selects
 * {@link #columns(String)} and reads them with {@link #read(ResultSet, int)}.
 */
final class ActorNames {
    /** How many columns {@link #columns(String)} selects. */
    static final int WIDTH = 3;

    private ActorNames() {
    }

    /** The columns of {@code users} (aliased {@code alias}) the name is made of. */
    static String columns(String alias) {
        return alias + ".username, " + alias + ".first_name, " + alias + ".last_name";
    }

    /** The name from the {@link #WIDTH} columns starting at {@code index}; null when the user is gone (an outer join). */
    static String read(ResultSet rs, int index) throws SQLException {
        String username = rs.getString(index);
        String first = rs.getString(index + 1);
        String last = rs.getString(index + 2);
        if (first == null) {
            return null;
        }
        return username != null ? username : last.isEmpty() ? first : first + " " + last;
    }

    /** The user as others see them; fails with {@code not_found} when there is no such user. */
    static Actor find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + columns("u") + " FROM users u WHERE u.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ProtocolException(ErrorCode.NOT_FOUND, "no user with id " + id);
                }
                return new Actor(id, read(rs, 1));
            }
        }
    }

    /** Whether the user exists. */
    static boolean exists(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM users WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The error for a token whose user was deleted. */
    static ProtocolException callerGone(long id) {
        return new ProtocolException(ErrorCode.FORBIDDEN, "the signed-in user " + id + " does not exist");
    }
}

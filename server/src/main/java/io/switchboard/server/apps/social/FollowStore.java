package io.switchboard.server.apps.social;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.store.Database;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code follows} table: who follows whom, each pair once. */
final class FollowStore {
    private final Database db;

    FollowStore(Database db) {
        this.db = db;
    }

    /**
     * What a follow did.
     *
     * @param created  whether this request made the follow (false when it was there already)
     * @param notifies whether this request sends the followee's notification
     * @param actor    the follower, as the notification names them (null unless {@code notifies})
     */
    record Follow(boolean created, boolean notifies, Actor actor) {
    }

    /** {@code follower} follows {@code followee}, once; {@code not_found} for an unknown followee. */
    Future<Follow> follow(long follower, long followee) {
        return db.inTransaction(c -> {
            long now = System.currentTimeMillis();
            int inserted;
            // notified_at claims the followee's notification for this request; it is cleared again if storing it fails.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO follows (follower_id, followee_id, created_at, notified_at) "
                    + "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM users WHERE id = ?) "
                    + "AND EXISTS (SELECT 1 FROM users WHERE id = ?) ON CONFLICT DO NOTHING")) {
                ps.setLong(1, follower);
                ps.setLong(2, followee);
                ps.setLong(3, now);
                ps.setLong(4, now);
                ps.setLong(5, follower);
                ps.setLong(6, followee);
                inserted = ps.executeUpdate();
            }
            boolean claimed = inserted == 1
                    || Sql.claim(c, "follows", "follower_id = ? AND followee_id = ?", now, follower, followee);
            if (!claimed && !follows(c, follower, followee)) {
                throw ActorNames.exists(c, followee) ? ActorNames.callerGone(follower) : noUser(followee);
            }
            return new Follow(inserted == 1, claimed, claimed ? ActorNames.find(c, follower) : null);
        });
    }

    /** {@code follower} no longer follows {@code followee}; returns whether they did. {@code not_found} for an unknown user. */
    Future<Boolean> unfollow(long follower, long followee) {
        return db.inTransaction(c -> {
            int deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM follows WHERE follower_id = ? AND followee_id = ?")) {
                ps.setLong(1, follower);
                ps.setLong(2, followee);
                deleted = ps.executeUpdate();
            }
            if (deleted == 0 && !ActorNames.exists(c, followee)) {
                throw noUser(followee);
            }
            return deleted == 1;
        });
    }

    /** Gives the follow's notification back to a later retry: storing it failed. */
    Future<Void> releaseNotification(long follower, long followee) {
        return db.withConnection(c -> Sql.release(c, "follows", "follower_id = ? AND followee_id = ?", follower, followee));
    }

    /** The user's followers with an id above {@code after}, in id order, at most {@code limit}; {@code not_found} for an unknown user. */
    Future<List<Actor>> followers(long user, long after, int limit) {
        return list("follower_id", "followee_id", user, after, limit);
    }

    /** Whom the user follows, with an id above {@code after}, in id order, at most {@code limit}; {@code not_found} for an unknown user. */
    Future<List<Actor>> following(long user, long after, int limit) {
        return list("followee_id", "follower_id", user, after, limit);
    }

    private Future<List<Actor>> list(String shown, String key, long user, long after, int limit) {
        return db.withConnection(c -> {
            if (!ActorNames.exists(c, user)) {
                throw noUser(user);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT f." + shown + ", " + ActorNames.columns("u") + " FROM follows f "
                    + "JOIN users u ON u.id = f." + shown + " WHERE f." + key + " = ? AND f." + shown + " > ? "
                    + "ORDER BY f." + shown + " LIMIT ?")) {
                ps.setLong(1, user);
                ps.setLong(2, after);
                ps.setInt(3, limit);
                List<Actor> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Actor(rs.getLong(1), ActorNames.read(rs, 2)));
                    }
                }
                return out;
            }
        });
    }

    /** The ids of the user's followers, at most {@code cap}, in id order: whom a change of the user's status is told to. */
    Future<List<Long>> followerIds(long user, int cap) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT follower_id FROM follows WHERE followee_id = ? "
                    + "ORDER BY follower_id LIMIT ?")) {
                ps.setLong(1, user);
                ps.setInt(2, cap);
                List<Long> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
                return out;
            }
        });
    }

    /** Fails with {@code not_found} unless the user exists. */
    Future<Void> requireUser(long user) {
        return db.withConnection(c -> {
            if (!ActorNames.exists(c, user)) {
                throw noUser(user);
            }
            return null;
        });
    }

    static ProtocolException noUser(long id) {
        return new ProtocolException(ErrorCode.NOT_FOUND, "no user with id " + id);
    }

    private static boolean follows(Connection c, long follower, long followee) throws SQLException {
        return Sql.exists(c, "SELECT 1 FROM follows WHERE follower_id = ? AND followee_id = ?", follower, followee);
    }
}

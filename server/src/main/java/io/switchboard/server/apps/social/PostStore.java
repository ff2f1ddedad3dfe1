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

/**
 * The {@code posts}, {@code likes} and {@code comments} tables. A like or comment and the count it changes are
 * written in one transaction; the count moves by an {@code UPDATE … SET like_count = like_count + 1}, whose row
 * lock (PostgreSQL) or write lock (SQLite) makes concurrent changes wait for each other, so a count always equals
 * its rows. Write transactions start with a write, so SQLite takes its lock first instead of failing to upgrade
 * a read.
 */
final class PostStore {
    private static final String POST = "p.id, p.author_id, " + ActorNames.columns("u") + ", p.content, p.client_id, "
            + "p.like_count, p.comment_count, p.counter_version, p.created_at, "
            + "EXISTS (SELECT 1 FROM likes l WHERE l.post_id = p.id AND l.user_id = ?)";
    private static final String COMMENT = "c.id, c.post_id, c.author_id, " + ActorNames.columns("u") + ", c.content, "
            + "c.client_id, c.created_at";

    private final Database db;

    PostStore(Database db) {
        this.db = db;
    }

    /** A comment, with what it did to its post's count. */
    record NewComment(Created<Comment> comment, CountChange change) {
    }

    /** Stores a post by {@code author}; with a {@code clientId} already used by the author, returns that post. */
    Future<Created<Post>> create(long author, String content, String clientId) {
        return db.inTransaction(c -> {
            String sql = "INSERT INTO posts (author_id, content, client_id, like_count, comment_count, counter_version, "
                    + "created_at) SELECT ?, ?, ?, 0, 0, 0, ? WHERE EXISTS (SELECT 1 FROM users WHERE id = ?)";
            Sql.Inserted row = Sql.insertOrFind(c, sql, clientId != null, ps -> {
                ps.setLong(1, author);
                ps.setString(2, content);
                ps.setString(3, clientId);
                ps.setLong(4, System.currentTimeMillis());
                ps.setLong(5, author);
            }, () -> byClientId(c, author, clientId));
            if (row.id() < 0) {
                throw ActorNames.callerGone(author);
            }
            return new Created<>(find(c, author, row.id()), row.created());
        });
    }

    private static long byClientId(Connection c, long author, String clientId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM posts WHERE author_id = ? AND client_id = ?")) {
            ps.setLong(1, author);
            ps.setString(2, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ActorNames.callerGone(author);
                }
                return rs.getLong(1);
            }
        }
    }

    /** The post as {@code viewer} sees it, or {@code not_found}. */
    Future<Post> get(long viewer, long id) {
        return db.withConnection(c -> find(c, viewer, id));
    }

    /**
     * The viewer's feed: posts by the viewer and by the users the viewer follows, newest first, with an id below
     * {@code before}, at most {@code limit}.
     */
    Future<List<Post>> feed(long viewer, long before, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + POST + " FROM posts p JOIN users u ON u.id = p.author_id "
                    + "WHERE (p.author_id = ? OR p.author_id IN (SELECT f.followee_id FROM follows f WHERE f.follower_id = ?)) "
                    + "AND p.id < ? ORDER BY p.id DESC LIMIT ?")) {
                ps.setLong(1, viewer);
                ps.setLong(2, viewer);
                ps.setLong(3, viewer);
                ps.setLong(4, before);
                ps.setInt(5, limit);
                List<Post> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(post(rs));
                    }
                }
                return out;
            }
        });
    }

    /**
     * {@code user} likes the post: stored once (a second like changes nothing), the count moved and read in the
     * same transaction. {@code not_found} for an unknown post.
     */
    Future<CountChange> like(long user, long postId) {
        return db.inTransaction(c -> {
            long now = System.currentTimeMillis();
            // notified_at claims the author's notification for this request; it is cleared again if storing it fails.
            int inserted;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO likes (post_id, user_id, created_at, notified_at) "
                    + "SELECT p.id, ?, ?, ? FROM posts p WHERE p.id = ? AND EXISTS (SELECT 1 FROM users WHERE id = ?) "
                    + "ON CONFLICT DO NOTHING")) {
                ps.setLong(1, user);
                ps.setLong(2, now);
                ps.setLong(3, now);
                ps.setLong(4, postId);
                ps.setLong(5, user);
                inserted = ps.executeUpdate();
            }
            boolean claimed = false;
            if (inserted == 1) {
                bump(c, postId, "like_count", 1);
            } else {
                claimed = Sql.claim(c, "likes", "post_id = ? AND user_id = ?", now, postId, user);
                if (!claimed && !Sql.exists(c, "SELECT 1 FROM likes WHERE post_id = ? AND user_id = ?", postId, user)) {
                    throw missingPostOrCaller(c, postId, user);
                }
            }
            return change(c, postId, user, "like_count", inserted == 1, inserted == 1 || claimed);
        });
    }

    /** {@code user} no longer likes the post; nothing changes when they did not. {@code not_found} for an unknown post. */
    Future<CountChange> unlike(long user, long postId) {
        return db.inTransaction(c -> {
            int deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM likes WHERE post_id = ? AND user_id = ?")) {
                ps.setLong(1, postId);
                ps.setLong(2, user);
                deleted = ps.executeUpdate();
            }
            if (deleted == 1) {
                bump(c, postId, "like_count", -1);
            }
            return change(c, postId, user, "like_count", deleted == 1, false);
        });
    }

    /**
     * Stores {@code user}'s comment and moves the post's comment count; with a {@code clientId} the user already
     * used on this post, returns that comment and changes nothing. {@code not_found} for an unknown post.
     */
    Future<NewComment> comment(long user, long postId, String content, String clientId) {
        return db.inTransaction(c -> {
            long now = System.currentTimeMillis();
            String sql = "INSERT INTO comments (post_id, author_id, content, client_id, created_at, notified_at) "
                    + "SELECT p.id, ?, ?, ?, ?, ? FROM posts p WHERE p.id = ? AND EXISTS (SELECT 1 FROM users WHERE id = ?)";
            Sql.Inserted row = Sql.insertOrFind(c, sql, clientId != null, ps -> {
                ps.setLong(1, user);
                ps.setString(2, content);
                ps.setString(3, clientId);
                ps.setLong(4, now);
                ps.setLong(5, now);
                ps.setLong(6, postId);
                ps.setLong(7, user);
            }, () -> commentByClientId(c, postId, user, clientId));
            long id = row.id();
            boolean created = row.created();
            if (id < 0) {
                throw missingPostOrCaller(c, postId, user);
            }
            boolean claimed = false;
            if (created) {
                bump(c, postId, "comment_count", 1);
            } else {
                claimed = Sql.claim(c, "comments", "id = ?", now, id);
            }
            CountChange change = change(c, postId, user, "comment_count", created, created || claimed);
            return new NewComment(new Created<>(findComment(c, id), created), change);
        });
    }

    /** Comments on the post with an id above {@code after}, oldest first, at most {@code limit}; {@code not_found} for an unknown post. */
    Future<List<Comment>> comments(long postId, long after, int limit) {
        return db.withConnection(c -> {
            if (!Sql.exists(c, "SELECT 1 FROM posts WHERE id = ?", postId)) {
                throw noPost(postId);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COMMENT + " FROM comments c LEFT JOIN users u "
                    + "ON u.id = c.author_id WHERE c.post_id = ? AND c.id > ? ORDER BY c.id LIMIT ?")) {
                ps.setLong(1, postId);
                ps.setLong(2, after);
                ps.setInt(3, limit);
                List<Comment> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(comment(rs));
                    }
                }
                return out;
            }
        });
    }

    /** Gives the like's notification back to a later retry: storing it failed. */
    Future<Void> releaseLikeNotification(long postId, long user) {
        return db.withConnection(c -> Sql.release(c, "likes", "post_id = ? AND user_id = ?", postId, user));
    }

    /** Gives the comment's notification back to a later retry: storing it failed. */
    Future<Void> releaseCommentNotification(long commentId) {
        return db.withConnection(c -> Sql.release(c, "comments", "id = ?", commentId));
    }

    private static void bump(Connection c, long postId, String column, int delta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE posts SET " + column + " = " + column + " + ?, "
                + "counter_version = counter_version + 1 WHERE id = ?")) {
            ps.setInt(1, delta);
            ps.setLong(2, postId);
            ps.executeUpdate();
        }
    }

    private static CountChange change(Connection c, long postId, long user, String column, boolean changed, boolean claimed)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT author_id, " + column + ", counter_version FROM posts WHERE id = ?")) {
            ps.setLong(1, postId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw noPost(postId);
                }
                long author = rs.getLong(1);
                boolean notify = claimed && author != user;
                return new CountChange(postId, author, rs.getLong(2), rs.getLong(3), changed, notify,
                        notify ? ActorNames.find(c, user) : null);
            }
        }
    }

    private static ProtocolException missingPostOrCaller(Connection c, long postId, long user) throws SQLException {
        return Sql.exists(c, "SELECT 1 FROM posts WHERE id = ?", postId) ? ActorNames.callerGone(user) : noPost(postId);
    }

    static ProtocolException noPost(long id) {
        return new ProtocolException(ErrorCode.NOT_FOUND, "no post with id " + id);
    }

    private static long commentByClientId(Connection c, long postId, long user, String clientId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM comments WHERE post_id = ? AND author_id = ? AND client_id = ?")) {
            ps.setLong(1, postId);
            ps.setLong(2, user);
            ps.setString(3, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private static Post find(Connection c, long viewer, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + POST + " FROM posts p JOIN users u ON u.id = p.author_id "
                + "WHERE p.id = ?")) {
            ps.setLong(1, viewer);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw noPost(id);
                }
                return post(rs);
            }
        }
    }

    private static Comment findComment(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COMMENT + " FROM comments c LEFT JOIN users u "
                + "ON u.id = c.author_id WHERE c.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return comment(rs);
            }
        }
    }

    private static Post post(ResultSet rs) throws SQLException {
        int n = 3 + ActorNames.WIDTH;
        return new Post(rs.getLong(1), new Actor(rs.getLong(2), ActorNames.read(rs, 3)), rs.getString(n), rs.getString(n + 1),
                rs.getLong(n + 2), rs.getLong(n + 3), rs.getLong(n + 4), rs.getBoolean(n + 6), rs.getLong(n + 5));
    }

    private static Comment comment(ResultSet rs) throws SQLException {
        int n = 4 + ActorNames.WIDTH;
        return new Comment(rs.getLong(1), rs.getLong(2), new Actor(rs.getLong(3), ActorNames.read(rs, 4)), rs.getString(n),
                rs.getString(n + 1), rs.getLong(n + 2));
    }
}

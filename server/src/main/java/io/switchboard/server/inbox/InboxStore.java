package io.switchboard.server.inbox;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.idempotency.IdempotencyKey;
import io.switchboard.server.idempotency.IdempotencyKeys;
import io.switchboard.server.store.Database;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The {@code user_events} and {@code user_inbox} tables. Every method runs its SQL on the database's worker pool.
 * A write transaction always begins with a write, so that SQLite takes its write lock first instead of upgrading
 * a read (which fails under a concurrent writer); counters are locked in user-id order, so PostgreSQL transactions
 * of the emitter and the sweep cannot deadlock.
 */
final class InboxStore {
    static final String PENDING = "pending";
    static final String SENT = "sent";
    static final String DELIVERED = "delivered";

    private final Database db;

    InboxStore(Database db) {
        this.db = db;
    }

    /** What the user's counter says: the last sequence number given out and the highest acked. */
    record Head(long lastSeq, long ackedSeq) {
    }

    /** A stored event that waits too long for its ack. */
    record Stale(long id, InboxEvent event) {
    }

    /** Gives {@code count} new sequence numbers to a user; returns the first. Call inside a transaction. */
    static long take(Connection c, String userId, int count) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("INSERT INTO user_inbox (user_id, last_seq, acked_seq) VALUES (?, ?, 0) "
                + "ON CONFLICT (user_id) DO UPDATE SET last_seq = user_inbox.last_seq + ?")) {
            up.setString(1, userId);
            up.setLong(2, count);
            up.setLong(3, count);
            up.executeUpdate();
        }
        try (PreparedStatement q = c.prepareStatement("SELECT last_seq FROM user_inbox WHERE user_id = ?")) {
            q.setString(1, userId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1) - count + 1;
            }
        }
    }

    /**
     * Gives each user of {@code counts} (in id order) as many new sequence numbers as its list has entries, in one
     * statement per 200 users; returns each user's first. Call inside a transaction.
     */
    static Map<String, Long> take(Connection c, Map<String, ? extends List<?>> counts) throws SQLException {
        Map<String, Long> first = new java.util.HashMap<>();
        List<Map.Entry<String, ? extends List<?>>> entries = new ArrayList<>(counts.entrySet());
        for (int from = 0; from < entries.size(); from += 200) {
            List<Map.Entry<String, ? extends List<?>>> chunk = entries.subList(from, Math.min(entries.size(), from + 200));
            String values = String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?, 0)"));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_inbox (user_id, last_seq, acked_seq) VALUES " + values
                    + " ON CONFLICT (user_id) DO UPDATE SET last_seq = user_inbox.last_seq + excluded.last_seq"
                    + " RETURNING user_id, last_seq")) {
                int i = 1;
                for (Map.Entry<String, ? extends List<?>> e : chunk) {
                    ps.setString(i++, e.getKey());
                    ps.setLong(i++, e.getValue().size());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String user = rs.getString(1);
                        first.put(user, rs.getLong(2) - counts.get(user).size() + 1);
                    }
                }
            }
        }
        return first;
    }

    /** Stores an event that falls due later, without a sequence number. */
    Future<String> insertScheduled(String userId, String type, String payload, long scheduledAt, IdempotencyKey key,
                                   String answer) {
        return db.inTransaction(c -> {
            if (key != null) {
                IdempotencyKeys.Claim claim = IdempotencyKeys.claim(c, key, System.currentTimeMillis());
                if (claim instanceof IdempotencyKeys.Done done) {
                    return done.result();
                }
                if (claim instanceof IdempotencyKeys.Busy) {
                    throw new ProtocolException(ErrorCode.UNAVAILABLE,
                            "a request with this Idempotency-Key is still being served; retry shortly", IdempotencyKey.HEADER);
                }
                IdempotencyKeys.complete(c, key, answer);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_events (user_id, seq, event_type, payload, status, "
                    + "scheduled_at, created_at) VALUES (?, NULL, ?, ?, 'pending', ?, ?)")) {
                ps.setString(1, userId);
                ps.setString(2, type);
                ps.setString(3, payload);
                ps.setLong(4, scheduledAt);
                ps.setLong(5, System.currentTimeMillis());
                ps.executeUpdate();
            }
            return answer;
        });
    }

    Future<Head> head(String userId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, acked_seq FROM user_inbox WHERE user_id = ?")) {
                ps.setString(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Head(rs.getLong(1), rs.getLong(2)) : new Head(0, 0);
                }
            }
        });
    }

    /** The user's events after {@code after}, in order, at most {@code limit}. */
    Future<List<InboxEvent>> page(String userId, long after, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, event_type, payload FROM user_events "
                    + "WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                ps.setString(1, userId);
                ps.setLong(2, after);
                ps.setInt(3, limit);
                List<InboxEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new InboxEvent(userId, rs.getLong(1), rs.getString(2), rs.getString(3)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Gives sequence numbers to scheduled events that are due, oldest first, at most {@code limit}; returns them in
     * the order given. An event another node gave a number meanwhile is skipped, so none gets two.
     */
    Future<List<InboxEvent>> assignDue(long now, int limit) {
        return db.withConnection(c -> {
            List<Object[]> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, user_id, event_type, payload FROM user_events "
                    + "WHERE seq IS NULL AND scheduled_at <= ? ORDER BY scheduled_at, id LIMIT ?")) {
                ps.setLong(1, now);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                    }
                }
            }
            if (due.isEmpty()) {
                return List.of();
            }
            // Counters in user order (see the class comment); each user's events keep their due order.
            due.sort((a, b) -> ((String) a[1]).compareTo((String) b[1]));
            List<InboxEvent> out = new ArrayList<>();
            c.setAutoCommit(false);
            try (PreparedStatement claim = c.prepareStatement("UPDATE user_events SET seq = ? WHERE id = ? AND seq IS NULL");
                 PreparedStatement number = c.prepareStatement("UPDATE user_events SET seq = ? WHERE id = ?")) {
                for (Object[] row : due) {
                    long id = (Long) row[0];
                    claim.setLong(1, -id);
                    claim.setLong(2, id);
                    if (claim.executeUpdate() == 0) {
                        continue;
                    }
                    long seq = take(c, (String) row[1], 1);
                    number.setLong(1, seq);
                    number.setLong(2, id);
                    number.executeUpdate();
                    out.add(new InboxEvent((String) row[1], seq, (String) row[2], (String) row[3]));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            return out;
        });
    }

    /** Events of these users handed to a socket before {@code cutoff} and not acked, in order, at most {@code limit}. */
    Future<List<Stale>> staleSent(Collection<String> users, long cutoff, int limit) {
        return db.withConnection(c -> {
            String marks = String.join(", ", java.util.Collections.nCopies(users.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT id, user_id, seq, event_type, payload FROM user_events "
                    + "WHERE status = 'sent' AND sent_at < ? AND user_id IN (" + marks + ") ORDER BY user_id, seq LIMIT ?")) {
                int i = 1;
                ps.setLong(i++, cutoff);
                for (String u : users) {
                    ps.setString(i++, u);
                }
                ps.setInt(i, limit);
                List<Stale> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Stale(rs.getLong(1), new InboxEvent(rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5))));
                    }
                }
                return out;
            }
        });
    }

    /** Records that these events were handed to a socket again now. */
    Future<Void> touchSent(List<Long> ids) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE user_events SET sent_at = ? WHERE id = ? AND status = 'sent'")) {
                long now = System.currentTimeMillis();
                for (long id : ids) {
                    ps.setLong(1, now);
                    ps.setLong(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Deletes at most {@code chunk} events that were due before {@code cutoff} (delivered or not). Returns how many. */
    Future<Integer> deleteExpired(long cutoff, int chunk) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM user_events WHERE id IN "
                    + "(SELECT id FROM user_events WHERE scheduled_at < ? LIMIT ?)")) {
                ps.setLong(1, cutoff);
                ps.setInt(2, chunk);
                return ps.executeUpdate();
            }
        });
    }
}

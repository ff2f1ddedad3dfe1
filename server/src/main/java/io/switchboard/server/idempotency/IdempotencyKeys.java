package io.switchboard.server.idempotency;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.store.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code idempotency_keys} table: a key is claimed by the first request that brings it and holds that request's
 * answer once it is known, for {@link #RETENTION}. In the database, so a retry finds it on any node and after a
 * restart. A write that can claim its key in its own transaction (an inbox event) stores nothing twice even when the
 * node dies between the commit and the answer; one that cannot (a publication through the broker) claims, acts, then
 * records its answer.
 */
public final class IdempotencyKeys {
    /** How long a key is kept: longer than any backend keeps retrying one request. */
    public static final Duration RETENTION = Duration.ofHours(24);
    /** A claim without an answer this old was made by a request that never finished (its node died): it may be retaken. */
    static final long ABANDONED_MILLIS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyKeys.class);
    private static final int PURGE_CHUNK = 1_000;

    private final Database db;
    private long timer = -1;

    /** What claiming a key found. */
    public sealed interface Claim permits Claimed, Done, Busy {
    }

    /** The key is this request's: act, then record the answer. */
    public record Claimed() implements Claim {
    }

    /** A request with the key was answered: give {@code result} again and do nothing. */
    public record Done(String result) implements Claim {
    }

    /** A request with the key is being served now (by this transaction's batch, or by another request). */
    public record Busy(long claimedAt) implements Claim {
    }

    /** The keys in {@code db}. */
    public IdempotencyKeys(Database db) {
        this.db = db;
    }

    /**
     * Claims {@code key} on {@code c} (in the caller's transaction when it has one). Fails with {@code conflict} when
     * the key was used for another request (another fingerprint).
     */
    public static Claim claim(Connection c, IdempotencyKey key, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO idempotency_keys (scope, idem_key, fingerprint, result, "
                + "created_at) VALUES (?, ?, ?, NULL, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, key.scope());
            ps.setString(2, key.key());
            ps.setString(3, key.fingerprint());
            ps.setLong(4, now);
            if (ps.executeUpdate() == 1) {
                return new Claimed();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint, result, created_at FROM idempotency_keys "
                + "WHERE scope = ? AND idem_key = ?")) {
            ps.setString(1, key.scope());
            ps.setString(2, key.key());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    // Deleted (purged, or released by a request that failed) between the two statements: a rare race.
                    throw new ProtocolException(ErrorCode.UNAVAILABLE, "the Idempotency-Key is being released; retry shortly");
                }
                if (!key.fingerprint().equals(rs.getString(1))) {
                    throw new ProtocolException(ErrorCode.CONFLICT, "this Idempotency-Key was used for another request; "
                            + "use a new key for each request", IdempotencyKey.HEADER);
                }
                String result = rs.getString(2);
                return result != null ? new Done(result) : new Busy(rs.getLong(3));
            }
        }
    }

    /** Records the answer of a request that {@link Claimed claimed} {@code key}, on {@code c}. */
    public static void complete(Connection c, IdempotencyKey key, String result) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE idempotency_keys SET result = ? WHERE scope = ? AND idem_key = ?")) {
            ps.setString(1, result);
            ps.setString(2, key.scope());
            ps.setString(3, key.key());
            ps.executeUpdate();
        }
    }

    /**
     * Claims {@code key} for a request that acts outside the database. A claim abandoned by a request that never
     * finished (older than a minute, no answer) is taken over; one still fresh is refused with {@code unavailable}
     * (temporary: the first request's answer will be there shortly).
     */
    public Future<Claim> claim(IdempotencyKey key) {
        return db.withConnection(c -> {
            long now = System.currentTimeMillis();
            Claim found = claim(c, key, now);
            if (found instanceof Busy busy) {
                if (now - busy.claimedAt() < ABANDONED_MILLIS || !retake(c, key, busy.claimedAt(), now)) {
                    throw new ProtocolException(ErrorCode.UNAVAILABLE,
                            "a request with this Idempotency-Key is still being served; retry shortly", IdempotencyKey.HEADER);
                }
                return new Claimed();
            }
            return found;
        });
    }

    private static boolean retake(Connection c, IdempotencyKey key, long claimedAt, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE idempotency_keys SET created_at = ? WHERE scope = ? AND "
                + "idem_key = ? AND result IS NULL AND created_at = ?")) {
            ps.setLong(1, now);
            ps.setString(2, key.scope());
            ps.setString(3, key.key());
            ps.setLong(4, claimedAt);
            return ps.executeUpdate() == 1;
        }
    }

    /** Records the answer of a {@link #claim(IdempotencyKey) claimed} key. */
    public Future<Void> complete(IdempotencyKey key, String result) {
        return db.withConnection(c -> {
            complete(c, key, result);
            return null;
        });
    }

    /** Gives up a claim whose request failed, so that its retry acts again. */
    public Future<Void> release(IdempotencyKey key) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? "
                    + "AND result IS NULL")) {
                ps.setString(1, key.scope());
                ps.setString(2, key.key());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Deletes keys older than {@link #RETENTION}, every minute, from now on. */
    public void start(Vertx vertx) {
        timer = vertx.setPeriodic(60_000, t -> purge(System.currentTimeMillis() - RETENTION.toMillis())
                .onFailure(e -> LOG.debug("could not purge old idempotency keys: {}", e.toString())));
    }

    /** Stops the purge. */
    public void stop(Vertx vertx) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Deletes keys created before {@code cutoff}, a bounded chunk per pass; gives how many went. */
    public Future<Integer> purge(long cutoff) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_keys WHERE created_at IN "
                    + "(SELECT created_at FROM idempotency_keys WHERE created_at < ? ORDER BY created_at LIMIT ?) "
                    + "AND created_at < ?")) {
                ps.setLong(1, cutoff);
                ps.setInt(2, PURGE_CHUNK);
                ps.setLong(3, cutoff);
                return ps.executeUpdate();
            }
        });
    }
}

package io.switchboard.server.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * Updates the events of many users in one statement per 200 users: each user with a range of sequence numbers,
 * {@code (after, upTo]}, joined as a {@code VALUES} list ({@code UPDATE … FROM}, which SQLite and PostgreSQL
 * share). One statement instead of one per user keeps status writes cheap when many users each have a few events.
 */
final class SeqRanges {
    /** The events of {@code userId} with {@code after < seq <= upTo}. */
    record Range(String userId, long after, long upTo) {
    }

    private static final int CHUNK = 200;

    private SeqRanges() {
    }

    /**
     * {@code UPDATE user_events SET <set> … WHERE <the ranges> AND <where>}; {@code set} may use one parameter,
     * bound to {@code setValue} when it is not null.
     */
    static void update(Connection c, String set, Long setValue, String where, List<Range> ranges) throws SQLException {
        for (int from = 0; from < ranges.size(); from += CHUNK) {
            List<Range> chunk = ranges.subList(from, Math.min(ranges.size(), from + CHUNK));
            String values = String.join(", ", Collections.nCopies(chunk.size(),
                    "(CAST(? AS VARCHAR(128)), CAST(? AS BIGINT), CAST(? AS BIGINT))"));
            try (PreparedStatement ps = c.prepareStatement("UPDATE user_events SET " + set + " FROM (VALUES " + values + ") AS v "
                    + "WHERE user_events.user_id = v.column1 AND user_events.seq > v.column2 AND user_events.seq <= v.column3 AND "
                    + where)) {
                int i = 1;
                if (setValue != null) {
                    ps.setLong(i++, setValue);
                }
                for (Range r : chunk) {
                    ps.setString(i++, r.userId());
                    ps.setLong(i++, r.after());
                    ps.setLong(i++, r.upTo());
                }
                ps.executeUpdate();
            }
        }
    }

    /** Moves each user's {@code acked_seq} up to its range's {@code upTo} (never down). */
    static void ackHeads(Connection c, List<Range> ranges) throws SQLException {
        for (int from = 0; from < ranges.size(); from += CHUNK) {
            List<Range> chunk = ranges.subList(from, Math.min(ranges.size(), from + CHUNK));
            String values = String.join(", ", Collections.nCopies(chunk.size(), "(CAST(? AS VARCHAR(128)), CAST(? AS BIGINT))"));
            try (PreparedStatement ps = c.prepareStatement("UPDATE user_inbox SET acked_seq = v.column2 FROM (VALUES " + values
                    + ") AS v WHERE user_inbox.user_id = v.column1 AND user_inbox.acked_seq < v.column2")) {
                int i = 1;
                for (Range r : chunk) {
                    ps.setString(i++, r.userId());
                    ps.setLong(i++, r.upTo());
                }
                ps.executeUpdate();
            }
        }
    }
}

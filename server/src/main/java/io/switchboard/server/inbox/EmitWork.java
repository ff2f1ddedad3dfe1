package io.switchboard.server.inbox;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.idempotency.IdempotencyKey;
import io.switchboard.server.idempotency.IdempotencyKeys;
import io.switchboard.server.store.BatchWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The inbox's writes, group-committed: new events and acks share transactions (on SQLite, one writer thread for
 * both means they never wait on each other's locks). New events: each user's counter moves once by the user's
 * count (users in id order), and the events get consecutive numbers in the order they were emitted. Acks: per user,
 * the highest of the batch moves {@code acked_seq} and marks the events up to it {@code delivered}. Safe to run
 * again after a rollback: the counters roll back with the rows. Each write gives back the event it stored: an
 * emit's, and none for an ack or a mark.
 */
final class EmitWork implements BatchWork<EmitWork.Write, Optional<EmitWork.Emitted>> {
    /** One write. */
    sealed interface Write permits Emit, Ack, Mark {
        String userId();
    }

    /** One event to store; with a key, only if no event was stored with that key before. */
    record Emit(String userId, String type, String payload, IdempotencyKey key) implements Write {
    }

    /**
     * What an emit gave: the event it stored, or, for a retry of an emit with the same key, nothing new and the first
     * emit's answer ({@code {"seq": n}}, or {@code {"scheduled_at": …}} when the first one was scheduled).
     */
    record Emitted(InboxEvent event, String replay) {
        /** The answer as stored with the key. */
        static String answer(long seq) {
            return "{\"seq\":" + seq + "}";
        }
    }

    /** Every event of {@code userId} up to {@code upTo} was processed; those up to {@code floor} are known delivered. */
    record Ack(String userId, long upTo, long floor) implements Write {
    }

    /**
     * What a user's sockets on this node did since the last flush: when {@code revert}, its last socket closed and
     * the events {@code sent} after {@code floor} are {@code pending} again; then, when {@code max > 0}, the events
     * {@code min..max} were handed to a socket ({@code pending} becomes {@code sent}).
     */
    record Mark(String userId, boolean revert, long floor, long min, long max) implements Write {
    }

    @Override
    public List<Optional<Emitted>> write(Connection c, List<Write> items) throws SQLException {
        List<Optional<Emitted>> out = new ArrayList<>(Collections.nCopies(items.size(), Optional.empty()));
        emit(c, items, out);
        mark(c, items);
        ack(c, items);
        return out;
    }

    // A user's writes all go to one lane, so these updates never wait on another lane's locks.
    private static void mark(Connection c, List<Write> items) throws SQLException {
        List<SeqRanges.Range> reverted = new ArrayList<>();
        List<SeqRanges.Range> sent = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Mark m) {
                if (m.revert()) {
                    reverted.add(new SeqRanges.Range(m.userId(), m.floor(), Long.MAX_VALUE));
                }
                if (m.max() > 0) {
                    sent.add(new SeqRanges.Range(m.userId(), m.min() - 1, m.max()));
                }
            }
        }
        // Reverts first: a user whose socket closed and who came back within one flush keeps the newer marks.
        SeqRanges.update(c, "status = 'pending', sent_at = NULL", null, "user_events.status = 'sent'", reverted);
        SeqRanges.update(c, "status = 'sent', sent_at = ?", System.currentTimeMillis(), "user_events.status = 'pending'", sent);
    }

    private static void emit(Connection c, List<Write> items, List<Optional<Emitted>> out) throws SQLException {
        Map<String, List<Integer>> byUser = new TreeMap<>();
        // A key claimed in this transaction, and the item that claimed it; a retry in the same batch shares its event.
        Map<String, Integer> claimed = new HashMap<>();
        Map<Integer, Integer> sameAs = new HashMap<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Emit e) {
                if (e.key() != null) {
                    IdempotencyKeys.Claim claim = IdempotencyKeys.claim(c, e.key(), now);
                    if (claim instanceof IdempotencyKeys.Done done) {
                        out.set(i, Optional.of(new Emitted(null, done.result())));
                        continue;
                    }
                    if (claim instanceof IdempotencyKeys.Busy) {
                        Integer first = claimed.get(e.key().key());
                        if (first == null) {
                            throw new ProtocolException(ErrorCode.UNAVAILABLE,
                                    "a request with this Idempotency-Key is still being served; retry shortly", IdempotencyKey.HEADER);
                        }
                        sameAs.put(i, first);
                        continue;
                    }
                    claimed.put(e.key().key(), i);
                }
                byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(i);
            }
        }
        if (byUser.isEmpty()) {
            return;
        }
        long[] seqs = new long[items.size()];
        Map<String, Long> first = InboxStore.take(c, byUser);
        for (Map.Entry<String, List<Integer>> e : byUser.entrySet()) {
            long next = first.get(e.getKey());
            for (int index : e.getValue()) {
                seqs[index] = next++;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_events (user_id, seq, event_type, payload, status, "
                + "scheduled_at, created_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)")) {
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof Emit item) {
                    ps.setString(1, item.userId());
                    ps.setLong(2, seqs[i]);
                    ps.setString(3, item.type());
                    ps.setString(4, item.payload());
                    ps.setLong(5, now);
                    ps.setLong(6, now);
                    ps.addBatch();
                    out.set(i, Optional.of(new Emitted(new InboxEvent(item.userId(), seqs[i], item.type(), item.payload()), null)));
                }
            }
            ps.executeBatch();
        }
        for (Map.Entry<String, Integer> e : claimed.entrySet()) {
            Emit item = (Emit) items.get(e.getValue());
            IdempotencyKeys.complete(c, item.key(), Emitted.answer(seqs[e.getValue()]));
        }
        sameAs.forEach((i, claimer) -> out.set(i, Optional.of(new Emitted(null, Emitted.answer(seqs[claimer])))));
    }

    private static void ack(Connection c, List<Write> items) throws SQLException {
        Map<String, long[]> byUser = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Ack a) {
                byUser.merge(a.userId(), new long[] {a.upTo(), a.floor()},
                        (x, y) -> new long[] {Math.max(x[0], y[0]), Math.min(x[1], y[1])});
            }
        }
        if (byUser.isEmpty()) {
            return;
        }
        List<SeqRanges.Range> ranges = new ArrayList<>();
        byUser.forEach((user, r) -> ranges.add(new SeqRanges.Range(user, r[1], r[0])));
        SeqRanges.ackHeads(c, ranges);
        SeqRanges.update(c, "status = 'delivered', delivered_at = ?", System.currentTimeMillis(),
                "user_events.status <> 'delivered'", ranges);
    }
}

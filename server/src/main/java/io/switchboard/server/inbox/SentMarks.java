package io.switchboard.server.inbox;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Collects what the sockets did with stored events, to write it once per flush instead of once per frame: the
 * range of sequence numbers handed to a user's sockets ({@code pending} becomes {@code sent}), and users whose last
 * socket on this node closed ({@code sent} becomes {@code pending} again, so the sweep does not chase a user who is
 * gone and the next connection gets them as undelivered). At most one entry per user; each goes to the inbox's
 * writer, on the user's lane, where it shares a transaction with the user's other writes. A mark that cannot be
 * written is dropped: the statuses are bookkeeping for the sweep, never what a replay relies on.
 */
final class SentMarks {
    /** What to write for one user: first the revert (when asked), then the sent range (when {@code max > 0}). */
    record Mark(boolean revert, long floor, long min, long max) {
    }

    private final Function<EmitWork.Mark, Future<Void>> writer;
    private Map<String, Mark> marks = new HashMap<>();
    private boolean flushing;

    SentMarks(Function<EmitWork.Mark, Future<Void>> writer) {
        this.writer = writer;
    }

    /** Events {@code seq} of a user were handed to one of its sockets. */
    synchronized void sent(String userId, long seq) {
        Mark m = marks.get(userId);
        if (m == null) {
            marks.put(userId, new Mark(false, 0, seq, seq));
        } else {
            marks.put(userId, new Mark(m.revert(), m.floor(), m.max() == 0 ? seq : Math.min(m.min(), seq), Math.max(m.max(), seq)));
        }
    }

    /** The user's last socket on this node closed; {@code floor}: every event up to it is delivered. */
    synchronized void gone(String userId, long floor) {
        // Whatever was marked sent before is reverted with the rest.
        marks.put(userId, new Mark(true, floor, 0, 0));
    }

    /** Writes what was collected; one flush at a time (a tick that finds one running does nothing). */
    Future<Void> flush() {
        Map<String, Mark> batch;
        synchronized (this) {
            if (flushing || marks.isEmpty()) {
                return Future.succeededFuture();
            }
            flushing = true;
            batch = marks;
            marks = new HashMap<>();
        }
        List<Future<Void>> writes = new ArrayList<>(batch.size());
        batch.forEach((user, m) -> writes.add(writer.apply(new EmitWork.Mark(user, m.revert(), m.floor(), m.min(), m.max()))));
        return Future.join(writes).andThen(ar -> {
            synchronized (this) {
                flushing = false;
            }
        }).mapEmpty();
    }
}

package io.switchboard.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.gateway.Session;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket's view of its user's events: it replays from the store, then streams live events, in sequence order
 * with no duplicate and no gap. Live notices that arrive while a replay runs are held (bounded) and those the
 * replay already sent are dropped; a notice that leaves a gap (an earlier one lost or late) is held briefly, then
 * the gap is filled from the store. With {@link Delivery#SENT} every event written is stored as delivered at once
 * (as an ack would) and never pushed again; with {@link Delivery#ACK} the client's acks do that. Every field is
 * used on the session's event loop only.
 */
final class InboxStream {
    private static final Logger LOG = LoggerFactory.getLogger(InboxStream.class);
    /** Live notices held at most while replaying or waiting for a gap to close; beyond, they are read again. */
    static final int MAX_HELD = 1024;
    /** How long a gap may stay open before it is filled from the store. */
    static final long GAP_WAIT_MILLIS = 250;
    /** Acks waiting for their write at most; beyond, an ack is refused (temporary) rather than queued. */
    static final int MAX_PENDING_ACKS = 64;

    private final Inbox inbox;
    private final EventSocket session;
    /** The socket's context; its timers are set on its Vert.x ({@code context.owner()}), one field less per socket. */
    private final Context context;
    private final Delivery delivery;
    /** Made when a notice is first held: most streams never hold one. */
    private TreeMap<Long, InboxEvent> held;
    private long position;
    private long sentHigh;
    private long acked;
    private long ackTarget;
    private boolean replaying = true;
    private boolean overflowed;
    private boolean catchUpAfter;
    private boolean closed;
    private int generation;
    private long gapTimer = -1;
    private Promise<JsonNode> resume;
    private Future<Void> ackTail = Future.succeededFuture();
    private int pendingAcks;
    private boolean settleQueued;

    InboxStream(Inbox inbox, EventSocket session, Context context, Delivery delivery) {
        this.inbox = inbox;
        this.session = session;
        this.context = context;
        this.delivery = delivery;
    }

    String userId() {
        return session.userId();
    }

    /** Whether this is the stream of {@code owner}, a session attached with {@link Inbox#attach(Session, Long, Delivery)}. */
    boolean serves(Session owner) {
        return session instanceof SessionEvents events && events.session() == owner;
    }

    /** Starts the first replay: after {@code lastSeq}, or (null) everything not acked. On the event loop. */
    void start(Long lastSeq) {
        replay(lastSeq, null);
    }

    /** Reads the store again from the position (notices may have been lost); from any thread. */
    void catchUp() {
        context.runOnContext(v -> {
            if (closed) {
                return;
            }
            if (replaying) {
                catchUpAfter = true;
            } else {
                fill();
            }
        });
    }

    /** The context of the stream's socket: its notices run there. */
    Context context() {
        return context;
    }

    /** Replays again as the client asks; completes after the replay with {@code {"last_seq": N}}. */
    Future<JsonNode> resume(Long lastSeq) {
        Promise<JsonNode> request = Promise.promise();
        replay(lastSeq, request);
        return request.future();
    }

    /** The client processed every event up to {@code seq}: stored as delivered, the future completes after the commit. */
    Future<JsonNode> ack(long seq) {
        if (seq > sentHigh) {
            return Future.failedFuture(new ProtocolException(ErrorCode.INVALID_FIELD,
                    "seq " + seq + " was not sent on this socket (the highest sent is " + sentHigh + ")", "seq"));
        }
        if (seq <= acked) {
            return Future.succeededFuture(null);
        }
        if (pendingAcks >= MAX_PENDING_ACKS) {
            return Future.failedFuture(new ProtocolException(ErrorCode.RATE_LIMITED,
                    MAX_PENDING_ACKS + " acks are waiting to be stored; ack less often (acks are cumulative)"));
        }
        pendingAcks++;
        ackTarget = Math.max(ackTarget, seq);
        // Acks are written one after another; each write takes the highest ack seen by then, so a burst costs one.
        Future<Void> mine = ackTail.transform(ar -> {
            long target = ackTarget;
            if (target <= acked) {
                return Future.succeededFuture();
            }
            long floor = acked;
            return inbox.ack(session.userId(), target, floor).onSuccess(v -> {
                acked = Math.max(acked, target);
                inbox.acked(target - floor);
            });
        });
        // The answer is chained before the next ack's write: an ack that the next one's write covers completes as soon
        // as this one does, and its answer must not overtake this one's.
        Future<JsonNode> answer = mine.andThen(ar -> pendingAcks--).map(v -> (JsonNode) null);
        ackTail = mine.otherwiseEmpty();
        return answer;
    }

    /** Pushes again events that wait too long for their ack; a socket that does not ack never gets one twice. */
    void redeliver(List<InboxEvent> events) {
        if (delivery == Delivery.SENT) {
            return;
        }
        context.runOnContext(v -> {
            if (closed || replaying) {
                return;
            }
            for (InboxEvent e : events) {
                if (e.seq() > acked && e.seq() <= sentHigh) {
                    session.send(e.frame());
                    inbox.redelivered();
                }
            }
        });
    }

    /** The socket closed. On the event loop. */
    void close() {
        closed = true;
        generation++;
        cancelGapTimer();
        if (resume != null) {
            resume.tryFail(new ProtocolException(ErrorCode.UNAVAILABLE, "the socket closed"));
        }
        held = null;
    }

    /** The highest sequence number known to be delivered (acked, or written to a socket that does not ack). */
    long acked() {
        return delivery == Delivery.SENT ? Math.max(acked, ackTarget) : acked;
    }

    /** Completes once every delivery this stream recorded so far is committed. */
    Future<Void> settled() {
        return ackTail;
    }

    /** A live notice, on the event loop (the inbox hands them over in batches). */
    void onLive(InboxEvent e) {
        if (closed) {
            return;
        }
        if (!e.durable()) {
            session.send(e.frame());
            return;
        }
        if (replaying) {
            hold(e);
            return;
        }
        if (e.seq() <= position) {
            return;
        }
        hold(e);
        drain();
    }

    private void hold(InboxEvent e) {
        if (overflowed) {
            return;
        }
        if (held == null) {
            held = new TreeMap<>();
        }
        if (held.size() >= MAX_HELD) {
            held = null;
            overflowed = true;
            if (!replaying) {
                fill();
            }
            return;
        }
        held.put(e.seq(), e);
    }

    /** Sends the held events that follow the position without a gap; waits a little for a gap to close. */
    private void drain() {
        while (held != null && !held.isEmpty()) {
            long first = held.firstKey();
            if (first <= position) {
                held.pollFirstEntry();
            } else if (first == position + 1) {
                send(held.pollFirstEntry().getValue());
                position = first;
            } else {
                break;
            }
        }
        if (held == null || held.isEmpty()) {
            held = null;
            cancelGapTimer();
        } else if (gapTimer < 0) {
            gapTimer = context.owner().setTimer(GAP_WAIT_MILLIS, t -> {
                gapTimer = -1;
                if (!closed && !replaying && held != null) {
                    fill();
                }
            });
        }
    }

    private void fill() {
        cancelGapTimer();
        replaying = true;
        int gen = ++generation;
        fetch(gen, position, 0);
    }

    private void replay(Long lastSeq, Promise<JsonNode> request) {
        int gen = ++generation;
        replaying = true;
        cancelGapTimer();
        if (resume != null) {
            resume.tryFail(new ProtocolException(ErrorCode.CONFLICT, "a later resume replaced this one"));
        }
        resume = request;
        // What a closed socket of the user on this node recorded as delivered is committed before the head is read,
        // so that a quick reconnect does not replay what that socket was already written.
        inbox.settled(session.userId()).transform(x -> inbox.store().head(session.userId())).onComplete(ar -> onContext(() -> {
            if (gen != generation || closed) {
                return;
            }
            if (ar.failed()) {
                retryLater(gen, () -> replay(lastSeq, request), ar.cause());
                return;
            }
            InboxStore.Head head = ar.result();
            acked = Math.max(acked, head.ackedSeq());
            long cursor = lastSeq == null ? head.ackedSeq() : Math.min(lastSeq, head.lastSeq());
            sentHigh = Math.max(sentHigh, cursor);
            fetch(gen, cursor, 0);
        }));
    }

    private void fetch(int gen, long cursor, int failures) {
        inbox.store().page(session.userId(), cursor, inbox.pageSize()).onComplete(ar -> onContext(() -> {
            if (gen != generation || closed) {
                return;
            }
            if (ar.failed()) {
                if (failures >= 5) {
                    LOG.warn("cannot replay events of {} ({}); closing the socket so that it reconnects", session, ar.cause().toString());
                    session.close(io.switchboard.protocol.CloseCode.RECONNECT.code(), "events unavailable, reconnect");
                    return;
                }
                retryLater(gen, () -> fetch(gen, cursor, failures + 1), ar.cause());
                return;
            }
            List<InboxEvent> page = ar.result();
            long at = cursor;
            for (InboxEvent e : page) {
                send(e);
                at = e.seq();
            }
            inbox.replayed(page.size());
            long next = at;
            if (page.size() == inbox.pageSize() || overflowed) {
                overflowed = false;
                held = null;
                whenRoom(gen, () -> fetch(gen, next, 0), 1);
            } else {
                finish(next);
            }
        }));
    }

    private void finish(long cursor) {
        position = cursor;
        replaying = false;
        if (catchUpAfter) {
            // The replay may have read before the lost notices' events were committed.
            catchUpAfter = false;
            fill();
            return;
        }
        drain();
        if (resume != null) {
            resume.tryComplete(Json.object().put("last_seq", position));
            resume = null;
        }
    }

    // The outbound queue is bounded: the next page waits until the client has read half of what is queued.
    private void whenRoom(int gen, Runnable next, long waitMillis) {
        if (session.pendingFrames() <= inbox.roomThreshold()) {
            next.run();
            return;
        }
        context.owner().setTimer(waitMillis, t -> {
            if (gen == generation && !closed) {
                whenRoom(gen, next, Math.min(100, waitMillis * 2));
            }
        });
    }

    private void retryLater(int gen, Runnable again, Throwable cause) {
        LOG.debug("inbox read for {} failed ({}); retrying", session, cause.toString());
        context.owner().setTimer(1000, t -> {
            if (gen == generation && !closed) {
                again.run();
            }
        });
    }

    private void send(InboxEvent e) {
        session.send(e.frame());
        sentHigh = Math.max(sentHigh, e.seq());
        if (delivery == Delivery.SENT) {
            settle(e.seq());
        } else {
            inbox.marks().sent(session.userId(), e.seq());
        }
    }

    /**
     * Records events up to {@code seq} as delivered because they were written to a socket that does not ack: the
     * same write as an ack, queued behind the acks already waiting; a burst of events costs one write.
     */
    private void settle(long seq) {
        ackTarget = Math.max(ackTarget, seq);
        if (settleQueued) {
            return;
        }
        settleQueued = true;
        ackTail = ackTail.transform(ar -> {
            settleQueued = false;
            long target = ackTarget;
            if (target <= acked) {
                return Future.<Void>succeededFuture();
            }
            long floor = acked;
            return inbox.ack(session.userId(), target, floor).onSuccess(v -> {
                acked = Math.max(acked, target);
                inbox.settledOnSend(target - floor);
            });
        }).otherwiseEmpty();
    }

    private void cancelGapTimer() {
        if (gapTimer >= 0) {
            context.owner().cancelTimer(gapTimer);
            gapTimer = -1;
        }
    }

    private void onContext(Runnable r) {
        if (Vertx.currentContext() == context) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }
}

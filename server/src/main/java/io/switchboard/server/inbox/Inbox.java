package io.switchboard.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.switchboard.protocol.Json;
import io.switchboard.server.collections.SmallSets;
import io.switchboard.server.eventloop.LoopBatches;
import io.switchboard.server.gateway.Session;
import io.switchboard.server.idempotency.IdempotencyKey;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.store.BatchWriter;
import io.switchboard.server.store.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable events for each user. An app calls {@link #emit}: the event is committed with the user's next sequence
 * number, then pushed to every socket of the user on {@code /ws/user/<id>} (on any node, through the
 * {@link InboxNotifier}); a socket that reconnects replays what it missed. {@link #schedule} stores an event that
 * goes out when due, {@link #push} sends a transient one that is never stored. Thread-safe.
 */
public final class Inbox {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    private final Vertx vertx;
    private final InboxStore store;
    private final BatchWriter<EmitWork.Write, Optional<EmitWork.Emitted>> writer;
    private final InboxNotifier notifier;
    private final SentMarks marks;
    private final InboxSweeper sweeper;
    /**
     * The streams of each user with a socket on this node, as {@link SmallSets}: the usual one or two in an immutable
     * set that a notice (every event) walks as a plain array.
     */
    private final Map<String, Set<InboxStream>> streams = new ConcurrentHashMap<>();
    /**
     * Live notices, one task per event loop per batch; past 65,536 waiting for one loop a durable one is read from
     * the store instead and a transient one dropped (as it is when Redis is down).
     */
    private final LoopBatches notices = new LoopBatches(65_536);
    private final int pageSize;
    private final int roomThreshold;
    private final Counter emitted;
    private final Counter replayed;
    private final Counter redelivered;
    private final Counter delivered;
    private final Counter settledOnSend;
    private final Counter sweeps;
    private final Map<String, Future<Void>> settling = new ConcurrentHashMap<>();
    private long marksTimer = -1;

    private Inbox(Vertx vertx, InboxSettings settings, int outboundQueueFrames, Database db, Metrics metrics,
                  InboxNotifier notifier) {
        this.vertx = vertx;
        this.store = new InboxStore(db);
        this.notifier = notifier;
        this.writer = db.batchWriter(new BatchWriter.Options("inbox", db.sqlite() ? 1 : 4, 50_000, 500), new EmitWork(),
                metrics.registry());
        this.marks = new SentMarks(mark -> writer.submit(mark.userId().hashCode(), mark).mapEmpty());
        this.pageSize = Math.max(1, Math.min(500, outboundQueueFrames / 4));
        this.roomThreshold = Math.max(0, outboundQueueFrames / 2);
        this.sweeper = new InboxSweeper(this, vertx, settings.redeliverAfter(), settings.retention());
        emitted = Counter.builder("switchboard_inbox_emitted").description("user events committed").register(metrics.registry());
        replayed = Counter.builder("switchboard_inbox_replayed").description("user events sent by a replay").register(metrics.registry());
        redelivered = Counter.builder("switchboard_inbox_redelivered")
                .description("user events pushed again because their ack was late").register(metrics.registry());
        delivered = Counter.builder("switchboard_inbox_delivered").description("user events acked").register(metrics.registry());
        settledOnSend = Counter.builder("switchboard_inbox_sent_delivered")
                .description("user events counted as delivered when written to a socket that does not ack (delivery=sent)")
                .register(metrics.registry());
        sweeps = Counter.builder("switchboard_inbox_sweeps").description("passes of the inbox sweep (due events, redelivery, retention)")
                .register(metrics.registry());
        notifier.listener(this::onNotice);
        notifier.onMissed(this::catchUp);
    }

    /**
     * An inbox on the database that announces events through {@code notifier}; call {@link #start()} to run its timers.
     *
     * @param outboundQueueFrames the frames a session may have unwritten (the gateway's limit): replays stay well under it
     */
    public static Inbox create(Vertx vertx, InboxSettings settings, int outboundQueueFrames, Database db, Metrics metrics,
                               InboxNotifier notifier) {
        return new Inbox(vertx, settings, outboundQueueFrames, db, metrics, notifier);
    }

    /** Starts the sweep (scheduled events, redelivery, retention) and the periodic write of delivery marks. */
    public void start() {
        marksTimer = vertx.setPeriodic(200, t -> marks.flush()
                .onFailure(e -> LOG.debug("could not record sent events: {}", e.toString())));
        sweeper.start();
    }

    /** Stops the timers, writing the last delivery marks. */
    public Future<Void> stop() {
        if (marksTimer >= 0) {
            vertx.cancelTimer(marksTimer);
        }
        sweeper.stop();
        return marks.flush().otherwiseEmpty();
    }

    /**
     * Stores an event for a user and pushes it to the user's sockets once committed. Completes with its sequence
     * number after the commit; fails with {@code invalid_field} (a bad user id or type), {@code too_large} (over
     * 256 KiB of JSON) or {@code unavailable} (the database, or too many events waiting to be written).
     *
     * @param userId  the user, as in tokens ({@code sub}), 1 to 128 characters
     * @param type    the event type: 1 to 64 of {@code a-z 0-9 _ . -}, not one of the protocol's own types
     * @param payload the event's data, any JSON value
     */
    public Future<Long> emit(String userId, String type, JsonNode payload) {
        return emit(userId, type, payload, null).map(answer -> answer.get("seq").asLong());
    }

    /**
     * Like {@link #emit(String, String, JsonNode)}, once per {@code key} (null: no key): the event is stored in the
     * transaction that claims the key, so a retry with the same key, on any node and after a restart, stores and
     * pushes nothing and completes with the first emit's answer. Completes with {@code {"seq": n}} (or, when the first
     * request with the key was scheduled, {@code {"scheduled_at": …}}); fails with {@code conflict} when the key was
     * used for another event.
     */
    public Future<ObjectNode> emit(String userId, String type, JsonNode payload, IdempotencyKey key) {
        String json = Json.write(payload);
        try {
            EventTypes.check(userId, type, json, "");
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return writer.submit(userId.hashCode(), new EmitWork.Emit(userId, type, json, key)).map(stored -> {
            EmitWork.Emitted result = stored.orElseThrow();
            if (result.replay() != null) {
                return (ObjectNode) Json.parse(result.replay());
            }
            InboxEvent event = result.event();
            emitted.increment();
            notifier.publish(event);
            return Json.object().put("seq", event.seq());
        });
    }

    /**
     * Stores an event that is sent when {@code at} comes (at once when it is not in the future: then as
     * {@link #emit}). Its sequence number is given when it falls due, so a user's events arrive in sequence order.
     */
    public Future<Void> schedule(String userId, String type, JsonNode payload, Instant at) {
        return schedule(userId, type, payload, at, null).mapEmpty();
    }

    /**
     * Like {@link #schedule(String, String, JsonNode, Instant)}, once per {@code key} (null: no key), as
     * {@link #emit(String, String, JsonNode, IdempotencyKey)}. Completes with {@code {"scheduled_at": …}}, or with
     * the answer of the first request with the key.
     */
    public Future<ObjectNode> schedule(String userId, String type, JsonNode payload, Instant at, IdempotencyKey key) {
        if (!at.isAfter(Instant.now())) {
            return emit(userId, type, payload, key);
        }
        String json = Json.write(payload);
        try {
            EventTypes.check(userId, type, json, "");
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        String answer = Json.write(Json.object().put("scheduled_at", at.toString()));
        return store.insertScheduled(userId, type, json, at.toEpochMilli(), key, answer).map(a -> (ObjectNode) Json.parse(a));
    }

    /**
     * Sends {@code {"type": type, "data": payload}} (no {@code seq}) to the user's sockets that are open now, on
     * any node; nothing is stored and a socket that is not connected never gets it. For what a later durable event
     * makes whole anyway, such as the tokens of a reply still being written.
     */
    public void push(String userId, String type, JsonNode payload) {
        String json = Json.write(payload);
        EventTypes.check(userId, type, json, "");
        // Not the app's tree: the app may change it after this call, and the frame is built later, from the text.
        pushChecked(new InboxEvent(userId, 0, type, json));
    }

    /**
     * {@link #push} of a transient event already checked by {@link EventTypes}. Pushes from one thread reach each
     * socket of a user in the order they were made.
     */
    void pushChecked(InboxEvent event) {
        notifier.publish(event);
    }

    /** Sockets of a user on this node that receive its events. */
    public int sockets(String userId) {
        Set<InboxStream> set = streams.get(userId);
        return set == null ? 0 : set.size();
    }

    /**
     * Makes this node hear the user's notices, for one more socket of theirs: completes once it does, so that what
     * is emitted or pushed after the socket is told it is connected reaches it. Completes too when that cannot be
     * promised (the link between nodes is down): the notifier then reports the user as missed once it is back.
     * Undone by {@link #unwatch}, or by the close of the session {@link #attach attached} after it.
     */
    public Future<Void> watch(String userId) {
        return notifier.watch(userId).otherwiseEmpty();
    }

    /** Undoes a {@link #watch} whose socket never became a session. */
    public void unwatch(String userId) {
        notifier.unwatch(userId);
    }

    /**
     * Attaches a new session, whose user was {@link #watch watched} for it, to the user's events and starts its
     * replay; {@link #detach} undoes both when the session ends. On the session's event loop.
     */
    InboxStream attach(Session session, Long lastSeq, Delivery delivery) {
        return open(new SessionEvents(session), lastSeq, delivery);
    }

    /**
     * Attaches a connection of another protocol, whose user was {@link #watch watched} for it, to the user's events
     * and starts its replay (after {@code lastSeq}, or everything not yet delivered when null); on its event loop.
     * Returns what to run once when the connection ends: it detaches the connection and undoes the watch.
     */
    public Runnable attach(EventSocket socket, Long lastSeq, Delivery delivery) {
        InboxStream stream = open(socket, lastSeq, delivery);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                detach(stream);
            }
        };
    }

    private InboxStream open(EventSocket socket, Long lastSeq, Delivery delivery) {
        InboxStream stream = new InboxStream(this, socket, Vertx.currentContext(), delivery);
        streams.compute(socket.userId(), (u, set) -> SmallSets.with(set, stream));
        stream.start(lastSeq);
        return stream;
    }

    /**
     * The stream {@link #attach(Session, Long, Delivery) attached} to {@code session}, or null: looked up among its
     * user's streams (one or two) rather than kept on the session as well, a map less per socket (issue 12).
     */
    InboxStream streamOf(Session session) {
        Set<InboxStream> set = streams.get(session.userId());
        if (set != null) {
            for (InboxStream s : set) {
                if (s.serves(session)) {
                    return s;
                }
            }
        }
        return null;
    }

    /** Detaches a stream {@link #attach(Session, Long, Delivery) attached} to a session that ended; once. */
    void detach(InboxStream stream) {
        notifier.unwatch(stream.userId());
        stream.close();
        Future<Void> pending = stream.settled();
        if (!pending.isComplete()) {
            String user = stream.userId();
            settling.merge(user, pending, (a, b) -> Future.join(a, b).mapEmpty());
            pending.onComplete(ar -> settling.computeIfPresent(user, (u, f) -> f.isComplete() ? null : f));
        }
        boolean[] last = {false};
        streams.computeIfPresent(stream.userId(), (u, set) -> {
            Set<InboxStream> left = SmallSets.without(set, stream);
            last[0] = left == null;
            return left;
        });
        if (last[0]) {
            marks.gone(stream.userId(), stream.acked());
        }
    }

    private void onNotice(InboxEvent event) {
        Set<InboxStream> set = streams.get(event.userId());
        if (set != null) {
            for (InboxStream s : set) {
                if (!notices.offer(s.context(), event, s::onLive) && event.durable()) {
                    s.catchUp(); // the store has it: read again rather than hold it here
                }
            }
        }
    }

    /** Notices for the user may have been lost: their sockets on this node read the store again. */
    private void catchUp(String userId) {
        Set<InboxStream> set = streams.get(userId);
        if (set != null) {
            set.forEach(InboxStream::catchUp);
        }
    }

    /** Completes once the deliveries that closed sockets of the user on this node recorded are committed. */
    Future<Void> settled(String userId) {
        Future<Void> pending = settling.get(userId);
        return pending == null ? Future.succeededFuture() : pending.otherwiseEmpty();
    }

    /** Announces events the sweep made due. */
    void announce(InboxEvent event) {
        emitted.increment();
        notifier.publish(event);
    }

    /** Stores an ack: every event of the user up to {@code upTo} delivered; completes after the commit. */
    Future<Void> ack(String userId, long upTo, long floor) {
        return writer.submit(userId.hashCode(), new EmitWork.Ack(userId, upTo, floor)).mapEmpty();
    }

    Map<String, Set<InboxStream>> streams() {
        return streams;
    }

    InboxStore store() {
        return store;
    }

    SentMarks marks() {
        return marks;
    }

    int pageSize() {
        return pageSize;
    }

    int roomThreshold() {
        return roomThreshold;
    }

    void replayed(int n) {
        replayed.increment(n);
    }

    void redelivered() {
        redelivered.increment();
    }

    void acked(long n) {
        delivered.increment(n);
    }

    void settledOnSend(long n) {
        settledOnSend.increment(n);
    }

    void swept() {
        sweeps.increment();
    }
}

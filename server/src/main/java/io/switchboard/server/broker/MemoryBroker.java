package io.switchboard.server.broker;

import io.switchboard.server.eventloop.LoopContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The single-node broker: publications go straight to this node's listener.
 *
 * <p>Each channel is pinned to one of a fixed set of event-loop contexts, and every publication on it is
 * delivered from that context, so all subscribers see one order per channel even when publishers sit on
 * different event loops. On a channel with history the offset is assigned and the publication kept on that same
 * context, in the same step as its delivery, so offsets follow the delivery order. Reading a position or a
 * recovery runs on the channel's context too, between two such steps: every publication the read returns has
 * already been handed to the listener, so a recovering subscriber can stitch history and the live stream together.
 */
public final class MemoryBroker implements Broker {
    private final Context[] lanes;
    private final ChannelHistory history;
    private final ChannelHistory laneHistory;
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private volatile Consumer<Publication> listener = p -> { };
    /** Publications handed to a lane and not yet delivered; past {@link #MAX_PENDING} publishers are refused. */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    /** The bound on publications waiting for their lane. */
    public static final int MAX_PENDING = 65_536;

    /** A broker without history whose delivery lanes are spread over {@code vertx}'s event loops. Call off any event loop. */
    public MemoryBroker(Vertx vertx, int lanes) {
        this(vertx, lanes, new MemoryChannelHistory(channel -> null));
    }

    /** A broker keeping history in {@code history} for the channels it names. Call off any event loop. */
    public MemoryBroker(Vertx vertx, int lanes, ChannelHistory history) {
        this.history = history;
        this.laneHistory = new LaneHistory();
        this.lanes = new Context[Math.max(1, lanes)];
        for (int i = 0; i < this.lanes.length; i++) {
            // From a non-Vert.x thread each call yields a new event-loop context, round-robin over the loops.
            this.lanes[i] = LoopContext.create(vertx).context();
        }
    }

    @Override
    public void listener(Consumer<Publication> listener) {
        this.listener = listener;
    }

    @Override
    public Future<Void> subscribe(String channel) {
        subscribed.add(channel);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> unsubscribe(String channel) {
        subscribed.remove(channel);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> publish(Publication publication) {
        String channel = publication.channel();
        HistoryOptions keep = publication.isEphemeral() ? null : history.options(channel);
        if (keep == null && !subscribed.contains(channel)) {
            return Future.succeededFuture();
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            return Future.failedFuture(new io.switchboard.protocol.ProtocolException(
                    io.switchboard.protocol.ErrorCode.UNAVAILABLE, "the node is overloaded; publish again later"));
        }
        Context lane = lane(channel);
        // The future completes once the publication has been handed to every local subscriber's queue, so a
        // publisher that waits for its acks cannot run ahead of the fan-out.
        Promise<Void> done = Promise.promise();
        if (keep == null) {
            lane.runOnContext(v -> {
                pending.decrementAndGet();
                listener.accept(publication);
                done.complete();
            });
            return done.future();
        }
        // With history the publication is taken once it is kept: a recovery that starts after this completes sees it.
        lane.runOnContext(v -> history.append(publication, keep).onComplete(ar -> {
            pending.decrementAndGet();
            if (ar.succeeded() && subscribed.contains(channel)) {
                listener.accept(ar.result());
            }
            done.handle(ar.mapEmpty());
        }));
        return done.future();
    }

    @Override
    public ChannelHistory history() {
        return laneHistory;
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public Future<Void> close() {
        subscribed.clear();
        return Future.succeededFuture();
    }

    private Context lane(String channel) {
        return lanes[Math.floorMod(channel.hashCode(), lanes.length)];
    }

    /** The history, with reads that wait for the publications already taken to be delivered. */
    private final class LaneHistory extends OrderedReadsHistory {
        LaneHistory() {
            super(history);
        }

        // Read off the lane, a publication could be kept (and so recovered) but not yet delivered: it would then
        // reach a subscriber twice, once recovered and once live after its recovery ended.
        @Override
        <T> Future<T> ordered(String channel, java.util.function.Supplier<Future<T>> read) {
            Promise<T> done = Promise.promise();
            lane(channel).runOnContext(v -> read.get().onComplete(done));
            return done.future();
        }
    }
}

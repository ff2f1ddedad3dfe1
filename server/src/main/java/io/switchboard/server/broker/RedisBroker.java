package io.switchboard.server.broker;

import io.switchboard.server.eventloop.LoopContext;
import io.switchboard.server.redis.RedisKeys;
import io.switchboard.server.redis.RedisTopics;
import io.switchboard.server.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The many-node broker: publications travel through Redis pub/sub, one topic per channel ({@link RedisKeys#topic}),
 * and a node subscribes to a channel's topic only while it has local subscribers. It uses the node's shared
 * connections ({@link SharedRedis}): the subscription connection, and the command connection that pipelines every
 * other command, so one publisher's publications reach Redis in its order.
 *
 * <p>Every node receives a channel's publications in the order Redis ran them, and this node's listener is called
 * for them on the channel's lane (one of a fixed set of event-loop contexts), in that order. On a channel with
 * history, {@link RedisChannelHistory#append} assigns the offset, appends and publishes in one script; the
 * publication reaches listeners through pub/sub like any other, never directly. Reading a position or a recovery
 * for a channel this node is subscribed to completes only after every publication Redis had sent this node before
 * the read was handed to the listener (a marker published to this node's own topic after the read comes back on the
 * subscription connection after them, {@link RedisTopics#caughtUp}), so a recovering subscriber can stitch history
 * and the live stream together.
 *
 * <p>When Redis is unreachable, publishing and subscribing fail with {@code unavailable} and {@link #healthy()} is
 * false; the shared connections come back with a capped exponential backoff and subscribe again to every channel
 * that still has local subscribers.
 */
public final class RedisBroker implements Broker {
    /** Publications received from Redis and not yet handed to the listener; past it the node stops reading. */
    public static final int MAX_DELIVERING = 65_536;
    private static final Logger LOG = LoggerFactory.getLogger(RedisBroker.class);
    private static final String BACKEND = "the channel backplane (Redis)";

    private final SharedRedis redis;
    private final RedisTopics topics;
    private final RedisKeys keys;
    private final LoopContext home;
    private final LoopContext[] lanes;
    private final RedisChannelHistory history;
    private final ChannelHistory caughtUpHistory;
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger delivering = new AtomicInteger();
    private volatile Consumer<Publication> listener = p -> { };

    private RedisBroker(SharedRedis redis, Function<String, HistoryOptions> historyOptions, int lanes) {
        this.redis = redis;
        this.topics = redis.topics();
        this.keys = redis.keys();
        this.home = redis.home();
        this.lanes = new LoopContext[Math.max(1, lanes)];
        for (int i = 0; i < this.lanes.length; i++) {
            this.lanes[i] = LoopContext.create(home.vertx());
        }
        this.history = new RedisChannelHistory(redis, keys, historyOptions);
        this.caughtUpHistory = new CaughtUpHistory();
        redis.load(HistoryScripts.APPEND, HistoryScripts.READ, HistoryScripts.HISTORY);
        topics.listen(keys.topicPrefix(), BACKEND, this::onMessage);
    }

    /**
     * A broker on the node's Redis, keeping history for the channels {@code history} names (null for the others),
     * delivering on {@code lanes} event-loop contexts. It works while {@code redis} is started. Call off any event
     * loop.
     */
    public static RedisBroker create(SharedRedis redis, Function<String, HistoryOptions> history, int lanes) {
        return new RedisBroker(redis, history, lanes);
    }

    @Override
    public void listener(Consumer<Publication> listener) {
        this.listener = listener;
    }

    @Override
    public Future<Void> subscribe(String channel) {
        Promise<Void> done = Promise.promise();
        home.execute(() -> {
            String topic = keys.topic(channel);
            // A channel whose subscribe failed stays wanted: the channel registry lets go of it when its subscribers
            // fail; if not, the next connection subscribes to it.
            (wanted.add(channel) ? topics.add(topic) : topics.subscribed(topic)).onComplete(done);
        });
        return done.future();
    }

    @Override
    public Future<Void> unsubscribe(String channel) {
        home.execute(() -> {
            if (wanted.remove(channel)) {
                topics.remove(keys.topic(channel));
            }
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> publish(Publication publication) {
        String channel = publication.channel();
        HistoryOptions keep = publication.isEphemeral() ? null : history.options(channel);
        if (keep != null) {
            return history.append(publication, keep).mapEmpty();
        }
        return redis.send(Request.cmd(Command.PUBLISH).arg(keys.topic(channel)).arg(RedisCodec.payload(publication)))
                .mapEmpty();
    }

    @Override
    public ChannelHistory history() {
        return caughtUpHistory;
    }

    @Override
    public boolean healthy() {
        return redis.up();
    }

    /** Lets go of every channel; the shared connections are closed by their owner. */
    @Override
    public Future<Void> close() {
        Promise<Void> done = Promise.promise();
        home.execute(() -> {
            wanted.forEach(channel -> topics.remove(keys.topic(channel)));
            wanted.clear();
            done.complete();
        });
        return done.future();
    }

    private void onMessage(String topic, byte[] payload) {
        String channel = topic.substring(keys.topicPrefix().length());
        try {
            deliver(channel, RedisCodec.decode(channel, payload));
        } catch (IllegalArgumentException e) {
            LOG.warn("dropped a malformed publication on {}: {}", topic, e.getMessage());
        }
    }

    private void deliver(String channel, Publication publication) {
        if (delivering.incrementAndGet() >= MAX_DELIVERING) {
            topics.pause();
        }
        lane(channel).runOnContext(() -> {
            try {
                listener.accept(publication);
            } finally {
                if (delivering.decrementAndGet() == MAX_DELIVERING / 2) {
                    topics.resume();
                }
            }
        });
    }

    private LoopContext lane(String channel) {
        return lanes[Math.floorMod(channel.hashCode(), lanes.length)];
    }

    /**
     * Completes, on the channel's lane, once every publication Redis sent this node before now has been handed to
     * the listener; fails with {@code unavailable} when Redis does not answer.
     */
    private Future<Void> caughtUp(String channel) {
        Promise<Void> done = Promise.promise();
        topics.caughtUp(keys.topic(channel)).onComplete(ar -> {
            if (ar.succeeded()) {
                // Through the channel's lane, behind the publications handed to it before the marker came.
                lane(channel).runOnContext(() -> done.tryComplete());
            } else {
                done.tryFail(ar.cause());
            }
        });
        return done.future();
    }

    /** The history, with reads that wait until this node's live stream has caught up with them. */
    private final class CaughtUpHistory extends OrderedReadsHistory {
        CaughtUpHistory() {
            super(history);
        }

        @Override
        <T> Future<T> ordered(String channel, java.util.function.Supplier<Future<T>> read) {
            return read.get().compose(r -> wanted.contains(channel) ? caughtUp(channel).map(r) : Future.succeededFuture(r));
        }
    }
}

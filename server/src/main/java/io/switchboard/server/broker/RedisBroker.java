package io.switchboard.server.broker;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The many-node broker: publications travel through Redis pub/sub, one topic per channel ({@link RedisKeys#topic}),
 * and a node subscribes to a channel's topic only while it has local subscribers. Two connections: one dedicated to
 * subscriptions, one pipelining every other command, so one publisher's publications reach Redis in its order.
 *
 * <p>Every node receives a channel's publications in the order Redis ran them, and this node's listener is called
 * for them on the channel's lane (one of a fixed set of event-loop contexts), in that order. On a channel with
 * history, {@link RedisChannelHistory#append} assigns the offset, appends and publishes in one script; the
 * publication reaches listeners through pub/sub like any other, never directly. Reading a position or a recovery
 * for a channel this node is subscribed to completes only after every publication Redis had sent this node before
 * the read was handed to the listener (a marker published to this node's own topic after the read comes back on the
 * subscription connection after them), so a recovering subscriber can stitch history and the live stream together.
 *
 * <p>When Redis is unreachable, publishing and subscribing fail with {@code unavailable} and {@link #healthy()} is
 * false; both connections come back with a capped exponential backoff and the subscription connection subscribes
 * again to every channel that still has local subscribers. A heartbeat marker every few seconds notices a
 * connection that stopped answering without the socket closing.
 */
public final class RedisBroker implements Broker {
    /** Publications received from Redis and not yet handed to the listener; past it the node stops reading. */
    public static final int MAX_DELIVERING = 65_536;
    private static final Logger LOG = LoggerFactory.getLogger(RedisBroker.class);
    private static final int MAX_MARKERS = 65_536;
    private static final long MARKER_TIMEOUT_MS = 10_000;
    private static final long HEARTBEAT_MS = 5_000;
    private static final int TOPICS_PER_SUBSCRIBE = 512;

    private final Redis client;
    private final RedisKeys keys;
    private final String nodeTopic;
    private final ContextInternal home;
    private final SubscribeConfirmations confirmations;
    private final Context[] lanes;
    private final RedisLink commands;
    private final RedisLink subscriber;
    private final RedisChannelHistory history;
    private final ChannelHistory caughtUpHistory = new CaughtUpHistory();
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger delivering = new AtomicInteger();
    private final AtomicLong tokens = new AtomicLong();
    private volatile Consumer<Publication> listener = p -> { };
    // Touched on the home context only.
    private final Map<String, Marker> markers = new HashMap<>();
    private RedisConnection subscription;
    private boolean paused;
    private boolean heartbeatPending;
    private long heartbeatTimer = -1;

    private RedisBroker(Vertx vertx, Redis client, RedisKeys keys, Function<String, HistoryOptions> historyOptions,
                        int lanes) {
        VertxInternal internal = (VertxInternal) vertx;
        this.client = client;
        this.keys = keys;
        String node = Long.toString(ThreadLocalRandom.current().nextLong() >>> 12, 36);
        this.nodeTopic = keys.nodeTopic(node);
        // From a non-Vert.x thread each call yields a new event-loop context, round-robin over the loops.
        this.home = internal.createEventLoopContext();
        this.confirmations = new SubscribeConfirmations(this.home, RedisBroker::down);
        this.lanes = new Context[Math.max(1, lanes)];
        for (int i = 0; i < this.lanes.length; i++) {
            this.lanes[i] = internal.createEventLoopContext();
        }
        String name = keys.prefix() + ":" + node;
        this.commands = new RedisLink(client, home, name + ":cmd", this::loadScripts, null, () -> { });
        this.subscriber = new RedisLink(client, home, name + ":sub", this::resubscribe,
                r -> home.execute(r, this::onPush), this::subscriptionLost);
        this.history = new RedisChannelHistory(commands, keys, historyOptions);
    }

    /**
     * A broker on the Redis at {@code url} ({@code redis://[user:password@]host[:port][/db]}), keeping history
     * for the channels {@code history} names (null for the others), delivering on {@code lanes} event-loop
     * contexts. Nothing connects until {@link #start()}. Call off any event loop.
     */
    public static RedisBroker create(Vertx vertx, String url, RedisKeys keys, Function<String, HistoryOptions> history,
                                     int lanes) {
        return new RedisBroker(vertx, RedisLink.client(vertx, url, 4), keys, history, lanes);
    }

    /** Connects both connections; completes with the first attempt (failed attempts are retried in the background). */
    public Future<Void> start() {
        home.runOnContext(v -> heartbeatTimer = home.owner().setPeriodic(HEARTBEAT_MS, t -> heartbeat()));
        return Future.all(commands.start(), subscriber.start()).mapEmpty();
    }

    @Override
    public void listener(Consumer<Publication> listener) {
        this.listener = listener;
    }

    @Override
    public Future<Void> subscribe(String channel) {
        Promise<Void> done = Promise.promise();
        home.execute(v -> {
            String topic = keys.topic(channel);
            if (!wanted.add(channel)) {
                Future<Void> pending = confirmations.pending(topic);
                if (pending != null) {
                    pending.onComplete(done);
                } else {
                    done.handle(subscriber.up() ? Future.succeededFuture() : Future.failedFuture(down()));
                }
                return;
            }
            if (subscription == null) {
                // Kept in wanted: the channel registry lets go of it when its subscribers fail; if not, the next
                // connection subscribes to it.
                done.fail(down());
                return;
            }
            confirmations.subscribe(subscription, List.of(topic)).onComplete(done);
        });
        return done.future();
    }

    @Override
    public Future<Void> unsubscribe(String channel) {
        home.execute(v -> {
            if (wanted.remove(channel) && subscription != null) {
                send(subscription, Request.cmd(Command.UNSUBSCRIBE).arg(keys.topic(channel)));
            }
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> publish(Publication publication) {
        String channel = publication.channel();
        HistoryOptions keep = history.options(channel);
        if (keep != null) {
            return history.append(publication, keep).mapEmpty();
        }
        return commands.send(Request.cmd(Command.PUBLISH).arg(keys.topic(channel)).arg(RedisCodec.payload(publication)))
                .mapEmpty();
    }

    @Override
    public ChannelHistory history() {
        return caughtUpHistory;
    }

    @Override
    public boolean healthy() {
        return commands.up() && subscriber.up();
    }

    @Override
    public Future<Void> close() {
        Promise<Void> done = Promise.promise();
        home.execute(v -> {
            if (heartbeatTimer >= 0) {
                home.owner().cancelTimer(heartbeatTimer);
            }
            subscriptionLost();
            Future.join(commands.close(), subscriber.close())
                    .eventually(() -> client.close())
                    .onComplete(ar -> done.complete());
        });
        return done.future();
    }

    private Future<Void> loadScripts(RedisConnection c) {
        return Future.all(send(c, Request.cmd(Command.SCRIPT).arg("LOAD").arg(RedisScript.APPEND.text())),
                send(c, Request.cmd(Command.SCRIPT).arg("LOAD").arg(RedisScript.READ.text()))).mapEmpty();
    }

    /** Subscribes a new connection to this node's topic and to every channel with local subscribers. */
    private Future<Void> resubscribe(RedisConnection c) {
        Set<String> snapshot = new HashSet<>(wanted);
        List<String> topics = new ArrayList<>(snapshot.size() + 1);
        topics.add(nodeTopic);
        snapshot.forEach(channel -> topics.add(keys.topic(channel)));
        List<Future<Void>> confirmed = new ArrayList<>();
        for (int i = 0; i < topics.size(); i += TOPICS_PER_SUBSCRIBE) {
            confirmed.add(confirmations.subscribe(c, topics.subList(i, Math.min(topics.size(), i + TOPICS_PER_SUBSCRIBE))));
        }
        return Future.all(confirmed).map(v -> {
            subscription = c;
            paused = false;
            // Channels whose first subscriber came or whose last left while this connection was being prepared.
            for (String channel : snapshot) {
                if (!wanted.contains(channel)) {
                    send(c, Request.cmd(Command.UNSUBSCRIBE).arg(keys.topic(channel)));
                }
            }
            for (String channel : wanted) {
                if (!snapshot.contains(channel)) {
                    confirmations.subscribe(c, List.of(keys.topic(channel)));
                }
            }
            return (Void) null;
        }).onFailure(e -> home.execute(v -> subscriptionLost()));
    }


    /** Sends on a connection, which throws rather than fails once it has closed. */
    static Future<Response> send(RedisConnection c, Request request) {
        try {
            return c.send(request);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private void onPush(Response r) {
        if (r == null || r.size() < 3) {
            return;
        }
        String kind = r.get(0).toString();
        String topic = r.get(1).toString();
        if ("message".equals(kind)) {
            if (topic.equals(nodeTopic)) {
                markerArrived(r.get(2).toString());
            } else if (topic.startsWith(keys.topicPrefix())) {
                String channel = topic.substring(keys.topicPrefix().length());
                try {
                    deliver(channel, RedisCodec.decode(channel, r.get(2).toBytes()));
                } catch (IllegalArgumentException e) {
                    LOG.warn("dropped a malformed publication on {}: {}", topic, e.getMessage());
                }
            }
        } else if ("subscribe".equals(kind)) {
            confirmations.confirmed(topic);
        }
    }

    private void deliver(String channel, Publication publication) {
        if (delivering.incrementAndGet() >= MAX_DELIVERING && !paused && subscription != null) {
            // Redis holds what this node does not read, up to its pub/sub output limit, then drops the connection.
            paused = true;
            subscription.pause();
        }
        lane(channel).runOnContext(v -> {
            try {
                listener.accept(publication);
            } finally {
                if (delivering.decrementAndGet() == MAX_DELIVERING / 2) {
                    home.runOnContext(x -> {
                        if (paused && subscription != null) {
                            paused = false;
                            subscription.resume();
                        }
                    });
                }
            }
        });
    }

    private Context lane(String channel) {
        return lanes[Math.floorMod(channel.hashCode(), lanes.length)];
    }

    /**
     * Completes, on the channel's lane ({@code null}: the home context), once every publication Redis sent this
     * node before now has been handed to the listener; fails with {@code unavailable} when Redis does not answer.
     */
    private Future<Void> caughtUp(String channel) {
        Promise<Void> done = Promise.promise();
        String token = Long.toString(tokens.incrementAndGet(), 36);
        home.execute(v -> {
            if (subscription == null || markers.size() >= MAX_MARKERS) {
                done.fail(down());
                return;
            }
            long timer = home.owner().setTimer(MARKER_TIMEOUT_MS, t -> home.execute(x -> {
                Marker m = markers.remove(token);
                if (m != null) {
                    m.done.tryFail(new ProtocolException(ErrorCode.UNAVAILABLE, "Redis is too slow to answer; try again later"));
                }
            }));
            markers.put(token, new Marker(channel, done, timer));
            commands.send(Request.cmd(Command.PUBLISH).arg(nodeTopic).arg(token)).onFailure(e -> home.execute(x -> {
                Marker m = markers.remove(token);
                if (m != null) {
                    home.owner().cancelTimer(m.timer);
                    m.done.tryFail(e);
                }
            }));
        });
        return done.future();
    }

    private void markerArrived(String token) {
        Marker m = markers.remove(token);
        if (m == null) {
            return;
        }
        home.owner().cancelTimer(m.timer);
        // Through the channel's lane, behind the publications handed to it before the marker came.
        (m.channel == null ? home : lane(m.channel)).runOnContext(v -> m.done.tryComplete());
    }

    private void heartbeat() {
        if (heartbeatPending || paused || !healthy()) {
            return;
        }
        heartbeatPending = true;
        caughtUp(null).onComplete(ar -> home.execute(v -> {
            heartbeatPending = false;
            if (ar.failed() && healthy()) {
                LOG.warn("Redis did not answer the heartbeat ({}); reconnecting", ar.cause().getMessage());
                commands.drop();
                subscriber.drop();
            }
        }));
    }

    /** The subscription connection is gone: whoever waits on it is told now, rather than at their timeout. */
    private void subscriptionLost() {
        subscription = null;
        paused = false;
        ProtocolException down = down();
        confirmations.failAll();
        markers.values().forEach(m -> {
            home.owner().cancelTimer(m.timer);
            m.done.tryFail(down);
        });
        markers.clear();
    }

    private static ProtocolException down() {
        return new ProtocolException(ErrorCode.UNAVAILABLE, "the channel backplane (Redis) is unreachable; try again later");
    }

    private record Marker(String channel, Promise<Void> done, long timer) {
    }

    /** The history, with reads that wait until this node's live stream has caught up with them. */
    private final class CaughtUpHistory implements ChannelHistory {
        @Override
        public HistoryOptions options(String channel) {
            return history.options(channel);
        }

        @Override
        public Future<Publication> append(Publication publication, HistoryOptions options) {
            return history.append(publication, options);
        }

        @Override
        public Future<StreamPosition> position(String channel) {
            return history.position(channel).compose(p -> wanted.contains(channel) ? caughtUp(channel).map(p)
                    : Future.succeededFuture(p));
        }

        @Override
        public Future<Recovery> recover(String channel, String epoch, long offset, int max) {
            return history.recover(channel, epoch, offset, max).compose(r -> wanted.contains(channel)
                    ? caughtUp(channel).map(r) : Future.succeededFuture(r));
        }
    }
}

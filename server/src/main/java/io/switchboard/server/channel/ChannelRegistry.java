package io.switchboard.server.channel;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.broker.Broker;
import io.switchboard.server.broker.ChannelHistory;
import io.switchboard.server.broker.Publication;
import io.switchboard.server.broker.Recovery;
import io.switchboard.server.broker.StreamPosition;
import io.switchboard.server.metrics.Metrics;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's subscriptions: channel to local subscribers. It asks the broker for a channel on the first local
 * subscriber and lets go on the last, and fans each publication out by handing the same encoded bytes to
 * every local subscriber. A subscriber that recovers missed publications from a channel's history gets them,
 * and the live ones that arrive meanwhile, in offset order with no duplicate and no gap.
 */
public final class ChannelRegistry {
    private final Map<String, Members> subscribers = new ConcurrentHashMap<>();
    private final Broker broker;
    private final Metrics metrics;

    /** A registry that receives the broker's publications. */
    public ChannelRegistry(Broker broker, Metrics metrics) {
        this.broker = broker;
        this.metrics = metrics;
        broker.listener(this::fanOut);
    }

    /**
     * Adds a subscriber to the fan-out behind {@code gate}; completes when the broker delivers the channel to this
     * node. The subscriber and its gate enter the fan-out together: a publication finds either neither or both.
     */
    private Future<Void> attach(String channel, Subscriber subscriber, RecoveryGate gate) {
        Members members = subscribers.compute(channel, (k, m) -> {
            if (m == null) {
                // Asked under the channel's lock, so the broker sees a channel's subscribes and unsubscribes in order.
                m = new Members(broker.subscribe(channel));
            }
            m.gates.put(subscriber, gate);
            return m;
        });
        // Every subscriber waits for the broker, not only the first: one that read the history while the node's
        // subscription was still on its way would miss what was published between the read and the subscription.
        return members.subscribed;
    }

    /**
     * Subscribes a subscriber and records it in the subscriber's channel set, so the subscription ends with the
     * subscriber. Used by the {@code subscribe} handler and by app endpoints that subscribe on the client's behalf.
     */
    public Future<Void> subscribe(Subscriber subscriber, String channel) {
        if (subscriber.isClosed() || !subscriber.channels().add(channel)) {
            return Future.succeededFuture();
        }
        // A subscription the broker could not make (its backplane is down) is not kept: the client subscribes again.
        return attach(channel, subscriber, RecoveryGate.OPEN).recover(e -> {
            if (subscriber.channels().remove(channel)) {
                unsubscribe(channel, subscriber);
            }
            return Future.failedFuture(e);
        });
    }

    /**
     * Subscribes a subscriber to a channel that keeps history, first handing it the publications after
     * {@code offset} of {@code epoch} when the history still holds them all (at most {@code max}), then every
     * live one, in offset order, each once. Completes after the recovered publications were handed to the
     * subscriber, with whether they were recovered and the position the subscriber is now at. Fails with
     * {@code unavailable} (and no subscription) when the channel was too busy to stitch the two together.
     */
    public Future<Recovery> subscribe(Subscriber subscriber, String channel, String epoch, long offset, int max) {
        if (subscriber.isClosed() || !subscriber.channels().add(channel)) {
            return broker.history().position(channel).map(p -> new Recovery(false, p, java.util.List.of()));
        }
        RecoveryGate gate = new RecoveryGate(subscriber);
        return attach(channel, subscriber, gate)
                .compose(v -> broker.history().recover(channel, epoch, offset, max))
                .transform(ar -> {
                    Recovery recovery = ar.succeeded() ? ar.result() : null;
                    StreamPosition now = recovery == null ? null : gate.finish(recovery);
                    if (now == null) {
                        if (subscriber.channels().remove(channel)) {
                            unsubscribe(channel, subscriber);
                        }
                        return Future.failedFuture(ar.failed() ? ar.cause() : new ProtocolException(ErrorCode.UNAVAILABLE,
                                "channel " + channel + " is too busy to recover now; subscribe again", "data.channel"));
                    }
                    // The gate is open: a fan-out that still finds it delivers directly, the next ones skip it.
                    Members members = subscribers.get(channel);
                    if (members != null) {
                        members.gates.replace(subscriber, gate, RecoveryGate.OPEN);
                    }
                    return Future.succeededFuture(new Recovery(recovery.recovered(), now, java.util.List.of()));
                });
    }

    /** The channel's history position, for a subscriber that starts from now. */
    public Future<StreamPosition> position(String channel) {
        return broker.history().position(channel);
    }

    /** The broker's channel history. */
    public ChannelHistory history() {
        return broker.history();
    }

    /** Removes a subscriber; returns whether it was subscribed. */
    public boolean unsubscribe(String channel, Subscriber subscriber) {
        boolean[] removed = {false};
        subscribers.computeIfPresent(channel, (k, m) -> {
            removed[0] = m.gates.remove(subscriber) != null;
            if (m.gates.isEmpty()) {
                broker.unsubscribe(channel);
                return null;
            }
            return m;
        });
        return removed[0];
    }

    /** Publishes through the broker to every subscriber on every node. */
    public Future<Void> publish(Publication publication) {
        return broker.publish(publication);
    }

    /** Number of local subscribers of a channel. */
    public int subscriberCount(String channel) {
        Members m = subscribers.get(channel);
        return m == null ? 0 : m.gates.size();
    }

    private void fanOut(Publication publication) {
        Members m = subscribers.get(publication.channel());
        if (m == null) {
            return;
        }
        byte[] frame = publication.frame();
        int[] n = {0};
        // Each subscriber is read with its gate, in one step: one that joins during the loop comes with its gate.
        m.gates.forEach((subscriber, gate) -> {
            if (gate == RecoveryGate.OPEN || !gate.hold(publication)) {
                subscriber.deliver(frame);
            }
            n[0]++;
        });
        metrics.fanOutDeliveries(n[0]);
    }

    /**
     * A channel's local subscribers, each with its recovery gate ({@link RecoveryGate#OPEN} once it is live), and
     * the broker's subscription to the channel that they all wait for.
     */
    private static final class Members {
        final Map<Subscriber, RecoveryGate> gates = new ConcurrentHashMap<>();
        final Future<Void> subscribed;

        Members(Future<Void> subscribed) {
            this.subscribed = subscribed;
        }
    }
}

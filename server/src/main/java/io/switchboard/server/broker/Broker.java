package io.switchboard.server.broker;

import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * Carries publications between nodes: each node tells the broker which channels it has local subscribers
 * for, and the broker hands it every publication on those channels, from any node.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li><b>Order.</b> Publications on one channel reach every node's listener in one order, the order in which
 *       {@link #publish} calls for that channel completed. No order is promised across channels.</li>
 *   <li><b>Threading.</b> The listener is called on a Vert.x context, never concurrently for the same channel;
 *       it must not block.</li>
 *   <li><b>At most once.</b> The broker is a live fan-out path, not storage: a node that is not subscribed, or a
 *       backplane that is down, misses publications. What must not be lost is stored first (the per-user
 *       inbox, channel history) and recovered by the client's resume.</li>
 *   <li><b>Backplane down.</b> {@link #publish} fails with {@code unavailable} rather than queueing without
 *       bound; {@link #healthy()} turns false so readiness can say so; local delivery on a node keeps working
 *       where the implementation can provide it; subscriptions are restored when the backplane returns.</li>
 *   <li><b>History.</b> For a channel whose {@link #history()} keeps one, publishing assigns the next offset,
 *       appends to the history and delivers as one step per channel: publications reach listeners with
 *       increasing offsets, and none is delivered that the history did not take first. A read of {@link #history()}
 *       (a position or a recovery) on a channel this node receives completes only after every publication it
 *       includes was handed to the listener. A subscriber recovers what it missed from the history and stitches
 *       it to the live stream by offset (see {@link ChannelHistory}).</li>
 *   <li><b>Subscriptions are idempotent.</b> Subscribing twice is once; unsubscribing what is not subscribed is a
 *       no-op. The channel registry calls subscribe on a channel's first local subscriber and unsubscribe on its
 *       last.</li>
 * </ul>
 */
public interface Broker {
    /** Sets the one listener that receives every publication for channels this node subscribed to. */
    void listener(Consumer<Publication> listener);

    /** Starts receiving publications for {@code channel}. */
    Future<Void> subscribe(String channel);

    /** Stops receiving publications for {@code channel}. */
    Future<Void> unsubscribe(String channel);

    /** Sends a publication to every node subscribed to its channel, this one included. */
    Future<Void> publish(Publication publication);

    /** The history this broker keeps for the channels that have one. */
    ChannelHistory history();

    /** Whether the backplane is reachable. */
    boolean healthy();

    /** Releases the broker's resources. */
    Future<Void> close();
}

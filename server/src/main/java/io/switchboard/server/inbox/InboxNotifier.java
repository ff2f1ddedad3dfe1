package io.switchboard.server.inbox;

import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * Tells the nodes that hold a user's sockets about that user's events once they are committed (and carries the
 * transient pushes that are never stored). {@link LocalInboxNotifier} serves one node; {@link RedisInboxNotifier}
 * carries events between nodes.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li><b>A hint, not storage.</b> At most once, and no order is promised: an event's notice may be lost, come
 *       late or come before an earlier event's. Each socket's stream delivers in sequence order anyway, and fills
 *       any gap it sees from the store, so a lost notice delays an event and never loses it. When notices may have
 *       been lost wholesale (the link between nodes dropped), the notifier says so through {@link #onMissed}.</li>
 *   <li><b>After the commit.</b> {@link #publish} is called only for committed events (or transient pushes).</li>
 *   <li><b>Where.</b> A notice reaches the listener of every node that {@link #watch watches} the user (an
 *       implementation may deliver to other nodes too).</li>
 *   <li><b>Threading.</b> No method blocks; the listeners are called on any thread and must not block.</li>
 * </ul>
 */
public interface InboxNotifier {
    /** Sets the one listener that receives every event published on any node, this one included. */
    void listener(Consumer<InboxEvent> listener);

    /** Announces a committed event, or a transient push ({@code seq} 0), to every node that watches its user. */
    void publish(InboxEvent event);

    /**
     * This node has one more socket of the user: from now on the user's notices must reach this node. Completes
     * once they do; fails when that cannot be promised yet (the notifier keeps trying, and calls {@link #onMissed}
     * for the user when it can). Counted: each watch is undone by one {@link #unwatch}.
     */
    default Future<Void> watch(String userId) {
        return Future.succeededFuture();
    }

    /** This node has one socket of the user less. */
    default void unwatch(String userId) {
    }

    /** Sets what to call with a watched user whose notices may have been lost: their sockets read the store again. */
    default void onMissed(Consumer<String> missed) {
    }

    /** Releases the notifier's resources. */
    Future<Void> close();
}

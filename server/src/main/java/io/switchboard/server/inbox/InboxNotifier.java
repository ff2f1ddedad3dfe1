package io.switchboard.server.inbox;

import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * Tells the nodes that hold a user's sockets about that user's events once they are committed (and carries the
 * transient pushes that are never stored). {@link LocalInboxNotifier} serves one node; the many-nodes setup puts
 * Redis behind the same interface.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li><b>A hint, not storage.</b> At most once, and no order is promised: an event's notice may be lost, come
 *       late or come before an earlier event's. Each socket's stream delivers in sequence order anyway, and fills
 *       any gap it sees from the store, so a lost notice delays an event and never loses it.</li>
 *   <li><b>After the commit.</b> {@link #publish} is called only for committed events (or transient pushes).</li>
 *   <li><b>Threading.</b> {@code publish} never blocks; the listener is called on any thread and must not block.</li>
 * </ul>
 */
public interface InboxNotifier {
    /** Sets the one listener that receives every event published on any node, this one included. */
    void listener(Consumer<InboxEvent> listener);

    /** Announces a committed event, or a transient push ({@code seq} 0), to every node. */
    void publish(InboxEvent event);

    /** Releases the notifier's resources. */
    Future<Void> close();
}

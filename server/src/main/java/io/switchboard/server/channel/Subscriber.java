package io.switchboard.server.channel;

import io.switchboard.server.broker.Publication;
import java.util.Set;

/**
 * Something that receives a channel's frames and holds subscriptions: a session, in practice. The registry records
 * every channel it subscribes the subscriber to in {@link #channels()}, so the subscriptions can end with it.
 */
public interface Subscriber {
    /**
     * Queues an encoded frame for sending. Called on the channel's delivery context; must not block. The
     * bytes are shared with every other subscriber and must not be modified.
     */
    void deliver(byte[] frame);

    /**
     * Queues a publication, encoded as this subscriber takes it: by default its JSON frame ({@link #deliver(byte[])}).
     * A session that speaks another format, or takes deltas, encodes it itself. Same threading as above.
     */
    default void deliver(Publication publication) {
        deliver(publication.frame());
    }

    /** The channels it is subscribed to: a live, thread-safe set that the registry adds to and removes from. */
    Set<String> channels();

    /** Whether it is closing or closed; nothing is subscribed for a closed subscriber. */
    boolean isClosed();

    /** Its session's id, for presence and the server API; null for a subscriber that is no client's session. */
    default String id() {
        return null;
    }

    /** The user it belongs to, for presence and the server API; null for a subscriber that is no user's. */
    default String userId() {
        return null;
    }
}

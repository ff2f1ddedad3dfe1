package io.switchboard.client.realtime;

/**
 * Receives one channel's frames. Only {@link #onPublication} is required; the rest have defaults that do nothing.
 * Called on the client's thread, in the channel's order: do not block.
 */
@FunctionalInterface
public interface SubscriptionListener {
    /**
     * A publication (or an app event) on the channel. After a reconnect the missed ones come first (recovered from the
     * channel's history), then the live ones; each exactly once, in offset order.
     */
    void onPublication(Publication publication);

    /**
     * What was missed while away cannot be recovered (the history was lost, or too much was missed): reload the
     * channel's state, then go on from {@code current}, the position the subscription now continues from.
     */
    default void onRecoveryFailed(Subscription subscription, StreamPosition current) {
    }

    /** A session joined the channel (a namespace with join/leave events); this subscriber's own join comes too. */
    default void onJoin(Subscription subscription, PresenceClient client) {
    }

    /** A session left the channel (a namespace with join/leave events). */
    default void onLeave(Subscription subscription, PresenceClient client) {
    }

    /**
     * The subscription ended without the app asking: the server unsubscribed it ({@code unsubscribed_by_server},
     * {@code subscription_expired}), or renewing it after a reconnect was refused for good (the error's code).
     */
    default void onUnsubscribed(Subscription subscription, String code) {
    }
}

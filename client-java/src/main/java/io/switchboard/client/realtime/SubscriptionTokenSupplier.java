package io.switchboard.client.realtime;

/**
 * Gives a subscription token for a channel (a JWT the app's backend signs, claims {@code sub}, {@code channel},
 * {@code exp}), for namespaces that require one (SPEC-16 {@code subscribe = token}). Asked on every subscribe, after
 * each reconnect too, and before the token expires (then sent as {@code sub_refresh} on the live subscription).
 * Called on a background thread: it may block. Null or empty means no token: the subscription ends.
 */
@FunctionalInterface
public interface SubscriptionTokenSupplier {
    /** A current subscription token for {@code channel}, or null. */
    String token(String channel) throws Exception;
}

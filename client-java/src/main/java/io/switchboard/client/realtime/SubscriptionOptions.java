package io.switchboard.client.realtime;

/**
 * How to subscribe: from a position kept earlier, and with a subscription token. Immutable; each {@code with…}
 * returns a copy. Start from {@link #none()}.
 */
public final class SubscriptionOptions {
    private static final SubscriptionOptions NONE = new SubscriptionOptions(null, null);

    private final StreamPosition from;
    private final SubscriptionTokenSupplier tokenSupplier;

    private SubscriptionOptions(StreamPosition from, SubscriptionTokenSupplier tokenSupplier) {
        this.from = from;
        this.tokenSupplier = tokenSupplier;
    }

    /** No position, no token: a plain subscribe. */
    public static SubscriptionOptions none() {
        return NONE;
    }

    /** Recover from {@code position} (kept from an earlier run) on a channel with history; null for none. */
    public SubscriptionOptions withPosition(StreamPosition position) {
        return new SubscriptionOptions(position, tokenSupplier);
    }

    /** Send a subscription token from {@code supplier} with each subscribe, and refresh it before it expires. */
    public SubscriptionOptions withToken(SubscriptionTokenSupplier supplier) {
        return new SubscriptionOptions(from, supplier);
    }

    /** The position to recover from, or null. */
    public StreamPosition position() {
        return from;
    }

    /** The subscription token supplier, or null. */
    public SubscriptionTokenSupplier tokenSupplier() {
        return tokenSupplier;
    }
}

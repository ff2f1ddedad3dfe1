package io.switchboard.client.realtime;

/**
 * How to subscribe: from a position kept earlier, and with a subscription token. Immutable; each {@code with…}
 * returns a copy. Start from {@link #none()}.
 */
public final class SubscriptionOptions {
    private static final SubscriptionOptions NONE = new SubscriptionOptions(null, null, false);

    private final StreamPosition from;
    private final SubscriptionTokenSupplier tokenSupplier;
    private final boolean delta;

    private SubscriptionOptions(StreamPosition from, SubscriptionTokenSupplier tokenSupplier, boolean delta) {
        this.from = from;
        this.tokenSupplier = tokenSupplier;
        this.delta = delta;
    }

    /** No position, no token: a plain subscribe. */
    public static SubscriptionOptions none() {
        return NONE;
    }

    /** Recover from {@code position} (kept from an earlier run) on a channel with history; null for none. */
    public SubscriptionOptions withPosition(StreamPosition position) {
        return new SubscriptionOptions(position, tokenSupplier, delta);
    }

    /** Send a subscription token from {@code supplier} with each subscribe, and refresh it before it expires. */
    public SubscriptionOptions withToken(SubscriptionTokenSupplier supplier) {
        return new SubscriptionOptions(from, supplier, delta);
    }

    /**
     * Ask for publications as Fossil deltas ({@code delta: "fossil"}) where the channel's namespace allows them: less
     * on the wire for a channel that republishes a document. The listener still gets every publication's full data.
     */
    public SubscriptionOptions withDelta(boolean delta) {
        return new SubscriptionOptions(from, tokenSupplier, delta);
    }

    /** Whether the subscription asks for deltas. */
    public boolean delta() {
        return delta;
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

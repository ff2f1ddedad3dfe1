package io.switchboard.client.buffer;

import java.util.Objects;

/**
 * The bounds of a {@link MessageBuffer}: at most {@code maxMessages} unacked messages of at most
 * {@code maxBytes} bytes in all (envelopes in UTF-8), and what to do when one more does not fit. Immutable.
 */
public final class BufferLimits {
    /** 10,000 messages, 8 MiB, {@link OverflowPolicy#DROP_OLDEST}. */
    public static final BufferLimits DEFAULT = new BufferLimits(10_000, 8L * 1024 * 1024, OverflowPolicy.DROP_OLDEST);

    private final int maxMessages;
    private final long maxBytes;
    private final OverflowPolicy policy;

    /** Limits; both bounds must be positive. */
    public BufferLimits(int maxMessages, long maxBytes, OverflowPolicy policy) {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be at least 1, got " + maxMessages);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The most unacked messages held. */
    public int maxMessages() {
        return maxMessages;
    }

    /** The most bytes held (sum of the envelopes' UTF-8 sizes). */
    public long maxBytes() {
        return maxBytes;
    }

    /** What a full buffer does. */
    public OverflowPolicy policy() {
        return policy;
    }

    @Override
    public String toString() {
        return "BufferLimits{maxMessages=" + maxMessages + ", maxBytes=" + maxBytes + ", policy=" + policy + "}";
    }
}

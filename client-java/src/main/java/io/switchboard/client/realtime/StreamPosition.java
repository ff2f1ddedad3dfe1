package io.switchboard.client.realtime;

import java.util.Objects;

/**
 * A place in a channel's history: the {@code epoch} that names the history and the {@code offset} of a publication in
 * it (docs/PROTOCOL.md, "Channel recovery"). Keep the last one processed to recover what was missed. Immutable.
 */
public final class StreamPosition {
    private final String epoch;
    private final long offset;

    private StreamPosition(String epoch, long offset) {
        this.epoch = Objects.requireNonNull(epoch, "epoch");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more");
        }
        this.offset = offset;
    }

    /** The position {@code offset} in history {@code epoch}. */
    public static StreamPosition of(String epoch, long offset) {
        return new StreamPosition(epoch, offset);
    }

    /** The history's name; it changes when that history is lost. */
    public String epoch() {
        return epoch;
    }

    /** The publication's number in the channel, 1, 2, 3… */
    public long offset() {
        return offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamPosition && ((StreamPosition) o).offset == offset && ((StreamPosition) o).epoch.equals(epoch);
    }

    @Override
    public int hashCode() {
        return epoch.hashCode() * 31 + Long.hashCode(offset);
    }

    @Override
    public String toString() {
        return epoch + "/" + offset;
    }
}

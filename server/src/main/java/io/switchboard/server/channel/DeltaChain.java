package io.switchboard.server.channel;

import io.switchboard.protocol.delta.FossilDelta;
import io.switchboard.server.broker.Publication;

/**
 * One channel's delta state on this node: the data of the last publication fanned out to its delta subscribers, and
 * that publication's number, so a subscriber that was sent it can be sent the next one as a Fossil delta. Kept only
 * while the channel has delta subscribers here ({@link #clear} drops the data). Used on the channel's delivery lane
 * only, where publications arrive one at a time in order.
 */
final class DeltaChain {
    /**
     * The largest data a delta is made from or to: making one runs on the channel's delivery thread, in time that
     * grows with the size (FossilDelta bounds it per byte); larger publications go full.
     */
    static final int MAX_DELTA_BYTES = 64 * 1024;

    private byte[] previous;
    private long number;

    /** The number of the publication last passed to {@link #next}; 0 before any. */
    long number() {
        return number;
    }

    /**
     * Takes the next publication: numbers it and returns its delta frame against the previous one, or null when there
     * is no previous one or the delta would not be smaller than the data.
     */
    byte[] next(Publication publication) {
        byte[] before = previous;
        byte[] data = publication.data();
        previous = data;
        number++;
        if (before == null || before.length > MAX_DELTA_BYTES || data.length > MAX_DELTA_BYTES) {
            return null;
        }
        byte[] delta = FossilDelta.create(before, data);
        // The delta goes as a JSON string: count what quoting adds before comparing with the data.
        return delta.length + 2 < data.length ? smallerOrNull(publication.deltaFrame(delta), publication) : null;
    }

    private static byte[] smallerOrNull(byte[] deltaFrame, Publication publication) {
        return deltaFrame.length < publication.frame().length ? deltaFrame : null;
    }

    /** Forgets the previous data: no delta subscriber is left to need it. */
    void clear() {
        previous = null;
    }
}

package io.switchboard.server.channel;

import io.switchboard.server.broker.Publication;
import io.switchboard.server.broker.Recovery;
import io.switchboard.server.broker.StreamPosition;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds a channel's live publications for one subscriber while its missed publications are read from history,
 * then hands both over in offset order, each once: what history gave first, then what arrived meanwhile and came
 * after it. After {@link #finish} the gate lets everything through. Bounded: a subscriber for whom more than
 * {@link #MAX_HELD} publications arrive during the read is refused rather than held without limit.
 */
final class RecoveryGate {
    /** Live publications held at most while history is read. */
    static final int MAX_HELD = 1024;
    /** The gate of every subscriber that is not recovering: open from the start; the fan-out passes it unlocked. */
    static final RecoveryGate OPEN = new RecoveryGate(null, true);

    private final Subscriber subscriber;
    private final List<Publication> held = new ArrayList<>();
    private boolean open;
    private boolean overflowed;

    /** A closed gate for a subscriber about to recover. */
    RecoveryGate(Subscriber subscriber) {
        this(subscriber, false);
    }

    private RecoveryGate(Subscriber subscriber, boolean open) {
        this.subscriber = subscriber;
        this.open = open;
    }

    /** Takes a live publication; false once the gate is open (deliver it directly). Called on the channel's lane. */
    synchronized boolean hold(Publication publication) {
        if (open) {
            return false;
        }
        if (held.size() >= MAX_HELD) {
            overflowed = true;
            held.clear();
        } else if (!overflowed) {
            held.add(publication);
        }
        return true;
    }

    /**
     * Delivers what history recovered (when it did) and then the held publications after it, opens the gate, and
     * returns the position the subscriber is now at; null when too much arrived meanwhile (nothing was delivered).
     */
    synchronized StreamPosition finish(Recovery recovery) {
        open = true;
        if (overflowed) {
            held.clear();
            return null;
        }
        StreamPosition position = recovery.position();
        long cursor = position.offset();
        if (recovery.recovered()) {
            for (Publication p : recovery.publications()) {
                subscriber.deliver(p);
                cursor = p.offset();
            }
            cursor = Math.max(cursor, position.offset());
        }
        for (Publication p : held) {
            if (!position.epoch().equals(p.epoch()) || p.offset() > cursor) {
                subscriber.deliver(p);
                if (position.epoch().equals(p.epoch())) {
                    cursor = p.offset();
                }
            }
        }
        held.clear();
        return new StreamPosition(position.epoch(), cursor);
    }
}

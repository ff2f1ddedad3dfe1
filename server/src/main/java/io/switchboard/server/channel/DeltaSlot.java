package io.switchboard.server.channel;

import io.switchboard.server.outbound.FrameTarget;

/**
 * A live subscriber that asked for deltas, with the number ({@link DeltaChain#number()}) of the last publication of
 * the channel it was sent: it gets the next one as a delta only when that was the one just before. A new slot (after
 * a subscribe or a recovery) has none, so its first publication is full.
 */
final class DeltaSlot {
    final Subscriber subscriber;
    final FrameTarget target;
    /** Written and read on the channel's delivery lane only. */
    long last = -1;

    DeltaSlot(Subscriber subscriber, FrameTarget target) {
        this.subscriber = subscriber;
        this.target = target;
    }
}

package io.switchboard.client.buffer;

/**
 * What a full {@link MessageBuffer} does with one more message. Either way the buffer's
 * {@link MessageBuffer#dropped() dropped} counter counts the message that was lost.
 */
public enum OverflowPolicy {
    /**
     * Make room by removing the oldest unacked messages (reported to the drop listener): the freshest data wins.
     * The default, because a phone that was offline for days cares more about today than about last week.
     */
    DROP_OLDEST,
    /** Refuse the new message with a {@link BufferFullException}: what is already buffered wins. */
    REJECT_NEW
}

package io.switchboard.server.outbound;

import io.netty.buffer.ByteBuf;

/**
 * A socket that takes encoded frames from its event loop's {@link LoopWriter}: a session. {@link #write} and
 * {@link #endBatch} run on that loop only.
 */
public interface FrameTarget {
    /** The writer of the event loop this target lives on. */
    LoopWriter writer();

    /**
     * The {@link FrameKind} this target takes {@code channel}'s publications in: fixed from its subscription to the
     * channel until it leaves it (the fan-out groups targets by it). Any thread.
     */
    default int frameKind(String channel) {
        return FrameKind.JSON;
    }

    /**
     * Whether a publication of {@code channel} still goes to this target; on its loop. A fan-out reads a channel's
     * subscribers before its frames reach their loops: a subscription that ended in between (its unsubscribe already
     * answered) must not get them.
     */
    default boolean subscribed(String channel) {
        return true;
    }

    /**
     * Writes one encoded frame (a shared buffer: take a view of it, do not release it) without flushing, counting
     * {@code cost} bytes of backlog. Returns true when this was the first frame since the last {@link #endBatch()}:
     * the writer then calls {@code endBatch()} once at the end of its batch.
     */
    boolean write(ByteBuf frame, int cost);

    /**
     * As {@link #write}, for a frame made for this target alone: the target takes over the caller's reference and
     * releases it whatever happens, so that a socket that can hand the buffer itself to its channel need not make a
     * view of it for each frame.
     */
    default boolean writeOwned(ByteBuf frame, int cost) {
        try {
            return write(frame, cost);
        } finally {
            frame.release();
        }
    }

    /** Flushes what this batch wrote. */
    void endBatch();
}

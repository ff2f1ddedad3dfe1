package io.switchboard.server.inbox;

/**
 * A connection that receives one user's events, whatever protocol it speaks: a {@code /ws/user/<id>} session, or a
 * Socket.IO socket that re-encodes each frame. The inbox calls it on the event loop it was attached on.
 */
public interface EventSocket {
    /** The user whose events it receives. */
    String userId();

    /**
     * Sends one event frame, {@code {"type", "seq"?, …, "data"}} as UTF-8 JSON (shared bytes, not modified). Must not
     * block; a connection whose backlog is over its bound closes itself rather than grow.
     */
    void send(byte[] frame);

    /** Frames handed to it that the network has not yet taken: a replay waits while this is high. */
    int pendingFrames();

    /** Closes the connection with a documented code, so that its client reconnects (the store was unreachable). */
    void close(int code, String reason);
}

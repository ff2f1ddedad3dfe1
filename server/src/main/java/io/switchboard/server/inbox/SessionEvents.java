package io.switchboard.server.inbox;

import io.switchboard.server.gateway.Session;

/** A {@code /ws/user/<id>} session as an {@link EventSocket}: the frames go out as they are. */
record SessionEvents(Session session) implements EventSocket {
    @Override
    public String userId() {
        return session.userId();
    }

    @Override
    public void send(byte[] frame) {
        session.send("event", frame);
    }

    @Override
    public int pendingFrames() {
        return session.pendingFrames();
    }

    @Override
    public void close(int code, String reason) {
        session.close(code, reason);
    }

    @Override
    public String toString() {
        return session.toString();
    }
}

package io.switchboard.server.socketio;

import io.switchboard.server.inbox.EventSocket;

/** A socket as the inbox sees it: each user event frame goes out as an EVENT named by its type. */
record SocketEvents(SocketIoSocket socket) implements EventSocket {
    @Override
    public String userId() {
        return socket.userId();
    }

    @Override
    public void send(byte[] frame) {
        socket.deliverUserEvent(frame);
    }

    @Override
    public int pendingFrames() {
        return socket.connection().pending();
    }

    @Override
    public void close(int code, String reason) {
        // The user's events cannot be read now: the client reconnects (and is replayed what it missed).
        socket.connection().execute(() -> socket.connection().close(reason));
    }

    @Override
    public String toString() {
        return socket.toString();
    }
}

package io.switchboard.server.socketio;

/** A packet that breaks the Engine.IO or Socket.IO protocol: the connection is closed with this message. */
final class PacketException extends RuntimeException {
    PacketException(String message) {
        super(message, null, false, false);
    }
}

package io.switchboard.server.socketio;

/** What an Engine.IO session hands up: its messages and its end. Called on the session's event loop. */
interface EngineListener {
    /** A text message; throws {@link PacketException} when it is not a packet the layer above understands. */
    void onMessage(String text);

    /** A binary message; throws {@link PacketException} when none was expected. */
    void onBinary(byte[] data);

    /** The session ended, for the reason given (Socket.IO's words: {@code transport close}, {@code ping timeout}, …). */
    void onClose(String reason);
}

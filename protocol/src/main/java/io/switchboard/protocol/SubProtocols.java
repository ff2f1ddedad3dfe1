package io.switchboard.protocol;

/**
 * The WebSocket sub-protocols ({@code Sec-WebSocket-Protocol}) the server speaks. A client offers them in its order of
 * preference, next to a {@code bearer.<token>} entry if it carries its token there, and the server's 101 answer names
 * the one it chose.
 */
public final class SubProtocols {
    /** JSON envelopes in text frames: the default when a client offers none. */
    public static final String JSON = "switchboard";
    /** The binary protocol: the same envelopes in MessagePack ({@link MsgPack}), in binary frames. */
    public static final String MSGPACK = "switchboard.msgpack";

    private SubProtocols() {
    }
}

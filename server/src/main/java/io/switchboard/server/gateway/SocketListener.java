package io.switchboard.server.gateway;

/** What a {@link SessionSocket} reports, on its event loop: a {@link Session} is one. */
public interface SocketListener {
    /** A whole text message arrived. */
    void text(String text);

    /** A whole binary message arrived (MessagePack on a {@code switchboard.msgpack} socket; refused on the others). */
    void binary(byte[] bytes);

    /** A pong frame arrived. */
    void pong();

    /**
     * Input the socket refused: {@code io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException}
     * (its close status says why), a message over the size limit, or a connection failure.
     */
    void failed(Throwable cause);

    /** The connection ended, whoever ended it. */
    void closed();
}

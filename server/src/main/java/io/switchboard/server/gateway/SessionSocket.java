package io.switchboard.server.gateway;

import io.netty.channel.ChannelHandlerContext;

/**
 * The WebSocket under a {@link Session}: what the gateway needs of it, whoever serves it. {@code /ws} is served by
 * the transport's own Netty handler (a few hundred bytes per idle socket); the endpoints still on Vert.x's
 * {@code ServerWebSocket} go through {@link #of(io.vertx.core.http.ServerWebSocket)}.
 */
public interface SessionSocket {
    /** A Vert.x WebSocket as a session's socket. */
    static SessionSocket of(io.vertx.core.http.ServerWebSocket socket) {
        return new VertxSessionSocket(socket);
    }

    /** The Netty handler context frames are written through (see {@code outbound.SocketOutput}); null if none. */
    ChannelHandlerContext channel();

    /** Hands every later event of the socket to {@code listener}. Call on the socket's event loop, once. */
    void listen(SocketListener listener);

    /** Starts the closing handshake with {@code code} and {@code reason} (at most 123 bytes); from any thread. */
    void close(int code, String reason);

    /** The code of the client's close frame (1005 for none, 1006 when the connection ended without one); null before. */
    Short closeStatus();

    /** Sends a ping frame; from any thread. */
    void ping();

    /** Ends the TCP connection now, without the closing handshake, dropping what it holds; from any thread. */
    void abort();

    /** Stops reading the client's frames until {@link #resume()}. On the socket's event loop. */
    void pause();

    /** Reads the client's frames again. On the socket's event loop. */
    void resume();

    /** The sub-protocol the server chose in its 101 answer ({@code io.switchboard.protocol.SubProtocols}), or null. */
    String subProtocol();

    /** The request path the socket was opened on, for logs. */
    String path();

    /** The client's address (the TCP peer), for logs. */
    Object remoteAddress();
}

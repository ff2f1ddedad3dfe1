package io.switchboard.server.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.switchboard.server.outbound.FrameFraming;

/**
 * The WebSocket under a {@link Session} or an Engine.IO session: what they need of it, whoever serves it.
 * {@code /ws}, {@code /ws/user/<id>}, the device sockets, the apps' channel sockets and Socket.IO's WebSocket
 * transport are served by the transport's own Netty handler (a few hundred bytes per idle socket); the few upgrades
 * of them that Vert.x reads go through {@link #of(io.vertx.core.http.ServerWebSocket)}.
 */
public interface SessionSocket {
    /** A Vert.x WebSocket as a session's socket. */
    static SessionSocket of(io.vertx.core.http.ServerWebSocket socket) {
        return new VertxSessionSocket(socket);
    }

    /** The Netty handler context frames are written through (see {@code outbound.SocketOutput}); null if none. */
    ChannelHandlerContext channel();

    /**
     * Hands every later event of the socket to {@code listener}. Call on the socket's event loop; a later call replaces
     * the listener (an endpoint that reads a credential message listens until the session takes over).
     */
    void listen(SocketListener listener);

    /** Starts the closing handshake with {@code code} and {@code reason} (at most 123 bytes); from any thread. */
    void close(int code, String reason);

    /** The code of the client's close frame (1005 for none, 1006 when the connection ended without one); null before. */
    Short closeStatus();

    /** Sends a ping frame; from any thread. */
    void ping();

    /** Ends the TCP connection now, without the closing handshake, dropping what it holds; from any thread. */
    void abort();

    /**
     * Stops reading the client's frames until {@link #resume()}: none reaches the listener meanwhile, and those that
     * arrive wait, in order, with the connection reading no more. On the socket's event loop.
     */
    void pause();

    /** Reads the client's frames again, those that waited first, from a later turn of its loop. On its event loop. */
    void resume();

    /** Whether the connection is still up (a socket that closed before it had a listener told no one). */
    default boolean isOpen() {
        ChannelHandlerContext channel = channel();
        return channel != null && channel.channel().isActive();
    }

    /**
     * The sub-protocol the server chose in its 101 answer ({@code io.switchboard.protocol.SubProtocols}), or null:
     * always null for a socket that is no WebSocket (an HTTP stream carries JSON text only).
     */
    default String subProtocol() {
        return null;
    }

    /**
     * The request path the socket was opened on, for the logs of its open or refusal: a socket served on Netty forgets
     * it once it has a listener (null then), since a path per user would stay with every idle socket.
     */
    String path();

    /** The client's address (the TCP peer), for logs. */
    Object remoteAddress();

    /** How frames are carried on this socket: null for a WebSocket (as they are), a framing for an HTTP stream. */
    default FrameFraming framing() {
        return null;
    }

    /** The transport's name, as the server API lists connections: {@code websocket}, {@code sse}, {@code http_stream}. */
    default String transport() {
        return "websocket";
    }
}

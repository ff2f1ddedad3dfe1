package io.switchboard.server.transport;

import io.vertx.core.http.ServerWebSocketHandshake;

/**
 * One WebSocket path. The transport has already checked the origin and that the server is not shutting down;
 * the endpoint authenticates, then accepts (and closes with a documented code if it must refuse: browsers
 * cannot read an HTTP status from a failed handshake, but they can read a close code).
 */
public interface WebSocketEndpoint {
    /**
     * Takes over a handshake Vert.x read: must call {@code accept()} or {@code reject(status)}. An endpoint served on
     * Netty ({@link #netty()}) gets the few upgrades of its path that Vert.x reads there too, by default.
     */
    default void handshake(ServerWebSocketHandshake handshake) {
        NettyEndpoint netty = netty();
        if (netty == null) {
            throw new IllegalStateException(getClass().getName() + " serves no handshake");
        }
        netty.handshake(new VertxHandshake(handshake));
    }

    /**
     * Whether the client sends its credential in a message after the upgrade rather than with the handshake. Such a
     * socket is not offered permessage-deflate (a compressed frame costs the node far more than the client before
     * anyone is known), and it holds a place of {@link UnauthenticatedSockets} until the credential is checked.
     */
    default boolean credentialInMessage() {
        return false;
    }

    /**
     * The endpoint served on Netty directly, without Vert.x's WebSocket and the handshake request it keeps (see
     * {@link NettyUpgrade}); null when this endpoint needs Vert.x's {@code ServerWebSocket}.
     */
    default NettyEndpoint netty() {
        return null;
    }
}

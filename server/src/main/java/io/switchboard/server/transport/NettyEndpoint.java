package io.switchboard.server.transport;

/**
 * A WebSocket path served on Netty directly ({@link NettyUpgrade}), after the checks every handshake gets; the rare
 * upgrade of its path that Vert.x reads comes here too, as a {@link VertxHandshake}.
 */
@FunctionalInterface
public interface NettyEndpoint {
    /** Takes over the handshake: must call {@link SocketHandshake#accept} or {@link SocketHandshake#reject(int)}. Loop. */
    void handshake(SocketHandshake handshake);
}

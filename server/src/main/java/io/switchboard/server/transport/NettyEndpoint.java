package io.switchboard.server.transport;

/** A WebSocket path served on Netty directly ({@link NettyUpgrade}), after the checks every handshake gets. */
@FunctionalInterface
public interface NettyEndpoint {
    /** Takes over the handshake: must call {@link NettyHandshake#accept()} or {@link NettyHandshake#reject(int)}. Loop. */
    void handshake(NettyHandshake handshake);
}

package io.switchboard.server.eventloop;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.impl.WebSocketImplBase;

/**
 * The Netty handler context under an accepted WebSocket, so that frames encoded once for many sockets can be
 * written to each as raw bytes, without a promise each and with one flush per batch. The public API writes one
 * frame at a time, each with its own future, and hops to the socket's event loop per frame when called off it.
 * Writes through this context enter the pipeline where Vert.x's own writes do: the frame encoders pass raw bytes
 * through unchanged, TLS encrypts them.
 */
public final class WebSocketChannels {
    private WebSocketChannels() {
    }

    /** The socket's handler context; null for a socket of another implementation. */
    public static ChannelHandlerContext context(ServerWebSocket socket) {
        // A socket accepted through a handshake handler may be the handshake, a future of the socket, delegating to it.
        if (socket instanceof Future<?> handshake && handshake.result() instanceof ServerWebSocket accepted) {
            socket = accepted;
        }
        return socket instanceof WebSocketImplBase<?> impl ? impl.channelHandlerContext() : null;
    }
}

package io.switchboard.server.eventloop;

import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.impl.WebSocketImplBase;

/**
 * Ends a WebSocket's TCP connection without the closing handshake. Vert.x starts its closing timeout only once
 * the close frame has been written, which never happens for a client that stopped reading: the frames queued for
 * it, and the connection, would be held for as long as the client lives. Closing the channel drops them (their
 * writes fail) at once. The public API has no such call, and {@code Channel.close()} would come back through
 * Vert.x's handler, which turns it into the same handshake: this closes from Vert.x's handler context toward the
 * socket instead.
 */
public final class SocketAbort {
    private SocketAbort() {
    }

    /** Closes the socket's connection now, from any thread; a socket of another implementation gets a plain close. */
    public static void abort(ServerWebSocket socket) {
        // A socket accepted through a handshake handler may be the handshake, a future of the socket, delegating to it.
        if (socket instanceof Future<?> handshake && handshake.result() instanceof ServerWebSocket accepted) {
            socket = accepted;
        }
        if (socket instanceof WebSocketImplBase<?> impl && impl.channelHandlerContext() != null) {
            impl.channelHandlerContext().close();
        } else {
            socket.close();
        }
    }
}

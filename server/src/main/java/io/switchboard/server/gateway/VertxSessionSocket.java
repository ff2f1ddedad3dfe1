package io.switchboard.server.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.switchboard.server.eventloop.SocketAbort;
import io.switchboard.server.eventloop.WebSocketChannels;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * A session's socket on Vert.x's {@link ServerWebSocket}: the endpoints not served on Netty directly, and the rare
 * upgrade of one that is which Vert.x reads (see {@code transport.VertxHandshake}).
 */
final class VertxSessionSocket implements SessionSocket {
    private static final Buffer EMPTY = Buffer.buffer();
    private final ServerWebSocket socket;

    VertxSessionSocket(ServerWebSocket socket) {
        this.socket = socket;
    }

    @Override
    public ChannelHandlerContext channel() {
        return WebSocketChannels.context(socket);
    }

    @Override
    public void listen(SocketListener listener) {
        socket.textMessageHandler(listener::text);
        socket.binaryMessageHandler(bytes -> listener.binary(bytes.getBytes()));
        socket.pongHandler(b -> listener.pong());
        socket.exceptionHandler(listener::failed);
        socket.closeHandler(v -> listener.closed());
    }

    @Override
    public void close(int code, String reason) {
        socket.close((short) code, reason);
    }

    @Override
    public Short closeStatus() {
        return socket.closeStatusCode();
    }

    @Override
    public void ping() {
        socket.writePing(EMPTY);
    }

    @Override
    public void abort() {
        SocketAbort.abort(socket);
    }

    @Override
    public void pause() {
        socket.pause();
    }

    @Override
    public void resume() {
        socket.resume();
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public String subProtocol() {
        return socket.subProtocol();
    }

    @Override
    public String path() {
        return socket.path();
    }

    @Override
    public Object remoteAddress() {
        return socket.remoteAddress();
    }
}

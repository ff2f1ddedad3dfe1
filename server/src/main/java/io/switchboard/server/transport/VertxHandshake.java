package io.switchboard.server.transport;

import io.switchboard.server.eventloop.ContextSteps;
import io.switchboard.server.gateway.SessionSocket;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.function.Consumer;

/**
 * An upgrade of a path served on Netty that {@link NettyUpgrade} left to Vert.x (a request pipelined behind one
 * Vert.x has not answered yet, a WebSocket version before 13): the endpoint answers it as any other, and the socket
 * is Vert.x's. Made on the connection's event loop.
 */
final class VertxHandshake implements SocketHandshake {
    private final ServerWebSocketHandshake handshake;
    private final Context context;

    VertxHandshake(ServerWebSocketHandshake handshake) {
        this.handshake = handshake;
        this.context = Vertx.currentContext();
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public String path() {
        return handshake.path();
    }

    @Override
    public String query() {
        return handshake.query();
    }

    @Override
    public String header(String name) {
        return handshake.headers().get(name);
    }

    @Override
    public List<String> headers(String name) {
        return handshake.headers().getAll(name);
    }

    @Override
    public SocketAddress remoteAddress() {
        return handshake.remoteAddress();
    }

    @Override
    public void onLoop(Runnable task) {
        ContextSteps.run(context, task);
    }

    @Override
    public void accept(Consumer<SessionSocket> opened) {
        handshake.accept().onSuccess(socket -> opened.accept(SessionSocket.of(socket)));
    }

    @Override
    public void reject(int status) {
        handshake.reject(status);
    }
}

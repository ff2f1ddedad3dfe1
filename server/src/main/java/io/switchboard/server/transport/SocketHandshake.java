package io.switchboard.server.transport;

import io.switchboard.server.gateway.SessionSocket;
import io.vertx.core.Context;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.function.Consumer;

/**
 * A WebSocket upgrade its endpoint answers ({@link NettyEndpoint}): read on Netty directly ({@link NettyHandshake}),
 * or, for the few upgrades {@link NettyUpgrade} leaves to Vert.x (a pipelined request, a version before 13), by
 * Vert.x ({@link VertxHandshake}). The endpoint has one handshake either way; only the idle socket's size differs.
 */
public interface SocketHandshake {
    /** The request path, without the query, not decoded. */
    String path();

    /** The query, without the {@code ?}; null when the request has none. */
    String query();

    /** The first value of a request header, or null. */
    String header(String name);

    /** Every value of a request header, in order; empty when it has none. */
    List<String> headers(String name);

    /**
     * The connection's Vert.x context, on its event loop, for an endpoint whose session state hops there (a Netty
     * socket's events come outside any context); null off a context.
     */
    Context context();

    /** The TCP peer (not the X-Forwarded-For client). */
    SocketAddress remoteAddress();

    /**
     * Runs {@code task} on the connection's event loop (from an answer that came on another): an endpoint that waited
     * for someone else's answer goes on with {@link #accept} there.
     */
    void onLoop(Runnable task);

    /**
     * Answers 101; {@code opened} gets the socket on its event loop once frames can be written to it. Nothing is
     * called when the handshake fails or the connection ended first.
     */
    void accept(Consumer<SessionSocket> opened);

    /** Answers with {@code status}; the connection stays. */
    void reject(int status);
}

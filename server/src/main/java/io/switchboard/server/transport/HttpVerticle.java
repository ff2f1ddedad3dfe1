package io.switchboard.server.transport;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP server bound to one event loop; the node deploys one per event loop on the same port and Vert.x
 * spreads connections over them.
 */
public final class HttpVerticle extends VerticleBase {
    private final HttpServerOptions options;
    private final Router router;
    private final WebSocketRoutes sockets;
    private final HttpConnections connections;
    private final long shutdownGraceMillis;
    private HttpServer server;

    /** A verticle serving {@code router} and {@code sockets} with {@code options}, each connection set up by {@code connections}. */
    public HttpVerticle(HttpServerOptions options, Router router, WebSocketRoutes sockets, HttpConnections connections,
                        long shutdownGraceMillis) {
        this.options = options;
        this.router = router;
        this.sockets = sockets;
        this.connections = connections;
        this.shutdownGraceMillis = shutdownGraceMillis;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(options)
                .connectionHandler(connections::install)
                .webSocketHandshakeHandler(sockets::handle)
                .requestHandler(router);
        return server.listen();
    }

    /** The port this server listens on, once started. */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return server.shutdown(shutdownGraceMillis, TimeUnit.MILLISECONDS);
    }
}

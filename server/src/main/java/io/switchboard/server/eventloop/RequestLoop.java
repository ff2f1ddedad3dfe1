package io.switchboard.server.eventloop;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.http.HttpServerRequestInternal;

/**
 * Runs a response's write on its connection's event loop. The HTTP server runs in Vert.x's strict thread mode (see
 * {@code HttpListener}): a connection then has no queue for writes from other threads (a 4 KB array per
 * connection, kept for the whole life of a WebSocket upgraded from it), and a write from another thread fails.
 * Handlers often answer from a future completed elsewhere (a broker lane, the Redis connection's loop), so every
 * response goes through here. Reaches into Vert.x internals: the public API does not give a request's context.
 */
public final class RequestLoop {
    private RequestLoop() {
    }

    /** Runs {@code write} now when on the request's event loop, otherwise queues it there. */
    public static void run(HttpServerRequest request, Runnable write) {
        ContextInternal context = request instanceof HttpServerRequestInternal internal ? internal.context() : null;
        if (context == null || context.executor().inThread()) {
            write.run();
        } else {
            context.execute(write);
        }
    }
}

package io.switchboard.server.logs;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP access log ({@code access-log = true}): one line per answered request under the logger
 * {@code switchboard.access}, with the client address, method, path (never the query, which may carry a token),
 * status, bytes sent and milliseconds taken. WebSocket handshakes get their lines from {@link ConnectionLog}.
 */
public final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("switchboard.access");

    private AccessLog() {
    }

    /** Logs every request of {@code router}, whichever route answers it: install it before any other route. */
    public static void install(Router router) {
        router.route().handler(AccessLog::handle);
    }

    private static void handle(RoutingContext ctx) {
        long started = System.nanoTime();
        HttpServerRequest request = ctx.request();
        ctx.addEndHandler(ar -> LOG.info("{} {} {} {} {} bytes {} ms", request.remoteAddress(), request.method(),
                request.path(), ctx.response().getStatusCode(), ctx.response().bytesWritten(),
                (System.nanoTime() - started) / 1_000_000));
        ctx.next();
    }
}

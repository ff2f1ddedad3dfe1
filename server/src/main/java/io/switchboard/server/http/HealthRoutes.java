package io.switchboard.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.broker.Broker;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.store.Database;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** {@code /health/live}, {@code /health/ready} and {@code /metrics}. */
public final class HealthRoutes {
    /**
     * How long readiness waits for the database before it says "down": shorter than a load balancer's probe timeout
     * (often 1 to 5 s), so that a database that hangs is reported rather than making the probe itself time out.
     */
    static final long READY_CHECK_MILLIS = 2_000;

    private HealthRoutes() {
    }

    /**
     * Mounts the three routes. Readiness asks the database (answering within {@link #READY_CHECK_MILLIS}) and the
     * broker, is false while writes meet a full disk ({@link io.switchboard.server.store.StorageFull}), and is false
     * while shutting down. Liveness says only that the process serves HTTP: a node whose database is away is alive
     * (restarting it would not help) but not ready. With a {@code metricsToken} (null for none), {@code /metrics}
     * answers 401 to a request without {@code Authorization: Bearer <metricsToken>}: the meters tell traffic and how
     * many are online.
     */
    public static void mount(Router router, Database db, Broker broker, Metrics metrics, Supplier<Boolean> shuttingDown,
                             String metricsToken) {
        router.get("/health/live").handler(ctx -> JsonBodies.send(ctx, 200, Json.object().put("status", "up")));
        router.get("/health/ready").handler(ctx -> db.ping().timeout(READY_CHECK_MILLIS, TimeUnit.MILLISECONDS).onComplete(ar -> {
            ObjectNode checks = Json.object();
            boolean full = db.storage().full();
            checks.put("database", ar.succeeded() ? "up" : "down");
            checks.put("storage", full ? "full" : "ok");
            checks.put("broker", broker.healthy() ? "up" : "down");
            boolean ready = ar.succeeded() && !full && broker.healthy() && !shuttingDown.get();
            ObjectNode body = Json.object().put("status", ready ? "ready" : (shuttingDown.get() ? "shutting_down" : "not_ready"));
            body.set("checks", checks);
            JsonBodies.send(ctx, ready ? 200 : 503, body);
        }));
        if (metricsToken != null) {
            byte[] expected = metricsToken.getBytes(StandardCharsets.UTF_8);
            router.get("/metrics").handler(ctx -> {
                String given = BearerAuth.token(ctx);
                if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
                    throw new ProtocolException(ErrorCode.UNAUTHORIZED,
                            "/metrics needs Authorization: Bearer <metrics-token>");
                }
                ctx.next();
            });
        }
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.scrape()));
    }
}

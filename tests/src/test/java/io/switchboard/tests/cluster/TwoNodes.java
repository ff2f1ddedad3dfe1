package io.switchboard.tests.cluster;

import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.redis.RedisKeys;
import io.switchboard.testkit.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/**
 * Two Switchboard nodes in one JVM, each on its own port with its own SQLite data directory (unless the settings
 * name a shared database), sharing the local Redis under a prefix of their own (so parallel runs on one Redis do
 * not meet), one signing secret and one API key. {@link #close()} stops both and deletes every Redis key under the
 * prefix.
 */
final class TwoNodes implements AutoCloseable {
    static final String REDIS = "redis://127.0.0.1:6379";

    final String prefix = "sbt-" + UUID.randomUUID().toString().substring(0, 13);
    final TestServer a;
    final TestServer b;
    private final Map<String, String> settings;
    private final Supplier<List<SwitchboardApp>> apps;

    /** Starts both nodes with {@code settings} on top of the shared ones. */
    TwoNodes(Map<String, String> settings) {
        this(settings, List::of);
    }

    /** Starts both nodes with {@code settings} on top of the shared ones, each with its own instances of {@code apps}. */
    TwoNodes(Map<String, String> settings, Supplier<List<SwitchboardApp>> apps) {
        this.settings = new LinkedHashMap<>();
        this.settings.put("redis", REDIS);
        this.settings.put("redis-prefix", prefix);
        this.settings.put("jwt-secret", "two-nodes-share-this-secret-of-32-bytes-or-more");
        this.settings.put("api-key", "two-nodes-share-this-api-key");
        this.settings.putAll(settings);
        this.apps = apps;
        a = another();
        TestServer second;
        try {
            second = another();
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
        b = second;
    }

    /** Starts one more node of the same deployment (the caller closes it). */
    TestServer another() {
        return TestServer.start(settings, apps.get());
    }

    @Override
    public void close() {
        try {
            a.close();
            b.close();
        } finally {
            deleteKeys(prefix);
        }
    }

    /**
     * Waits until the deployment's presence in Redis no longer holds the node {@code nodeId}: another node reaped
     * the sessions it left when it died or shut down.
     */
    void awaitReaped(String nodeId) {
        String nodes = new RedisKeys(prefix).presenceNodes();
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = Redis.createClient(vertx, REDIS);
            Awaitility.await("node " + nodeId + " gone from " + nodes).atMost(Duration.ofSeconds(15))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(() -> await(redis.send(Request.cmd(Command.ZSCORE, nodes, nodeId))) == null);
        } finally {
            await(vertx.close());
        }
    }

    /** Deletes every key of the local Redis under {@code prefix}. */
    static void deleteKeys(String prefix) {
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = Redis.createClient(vertx, REDIS);
            String cursor = "0";
            do {
                Response page = await(redis.send(Request.cmd(Command.SCAN, cursor, "MATCH", prefix + ":*", "COUNT", 1000)));
                cursor = page.get(0).toString();
                for (Response key : page.get(1)) {
                    await(redis.send(Request.cmd(Command.DEL, key.toString())));
                }
            } while (!cursor.equals("0"));
        } finally {
            await(vertx.close());
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Redis did not answer: " + e, e);
        }
    }
}

package io.switchboard.tests.cluster;

import io.switchboard.testkit.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Two Switchboard nodes in one JVM, each on its own port with its own SQLite data directory, sharing the local
 * Redis under a prefix of their own (so parallel runs on one Redis do not meet), one signing secret and one API
 * key. {@link #close()} stops both and deletes every Redis key under the prefix.
 */
final class TwoNodes implements AutoCloseable {
    static final String REDIS = "redis://127.0.0.1:6379";

    final String prefix = "sbt-" + UUID.randomUUID().toString().substring(0, 13);
    final TestServer a;
    final TestServer b;

    /** Starts both nodes with {@code settings} on top of the shared ones. */
    TwoNodes(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("redis", REDIS);
        all.put("redis-prefix", prefix);
        all.put("jwt-secret", "two-nodes-share-this-secret-of-32-bytes-or-more");
        all.put("api-key", "two-nodes-share-this-api-key");
        all.putAll(settings);
        a = TestServer.start(all);
        TestServer second;
        try {
            second = TestServer.start(all);
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
        b = second;
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

    private static void deleteKeys(String prefix) {
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
            throw new IllegalStateException("Redis cleanup failed: " + e, e);
        }
    }
}

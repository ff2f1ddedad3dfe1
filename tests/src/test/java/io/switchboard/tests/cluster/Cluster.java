package io.switchboard.tests.cluster;

import io.switchboard.testkit.ConnectFailedException;
import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.PostgresSchema;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.awaitility.Awaitility;

/**
 * Switchboard nodes, each a JVM process of its own on its own port, as a deployment runs them: one PostgreSQL
 * schema, one Redis under a prefix of this cluster's own (so runs sharing a Redis do not meet), one signing secret
 * and one API key. Channels in {@code public} keep a history, so a subscriber can move between nodes. Each node
 * logs to {@code target/cluster-logs/<name>-node<i>.log}. {@link #close()} kills every node and deletes the
 * cluster's Redis keys.
 */
final class Cluster implements AutoCloseable {
    /** The Redis the machine shares; tests that restart Redis start their own ({@link RedisProcess}). */
    static final String SHARED_REDIS = "redis://127.0.0.1:6379";

    final String prefix = "sbt-" + UUID.randomUUID().toString().substring(0, 13);
    private final String redis;
    private final List<NodeProcess> nodes;
    private final AtomicInteger next = new AtomicInteger();

    private Cluster(String redis, List<NodeProcess> nodes) {
        this.redis = redis;
        this.nodes = nodes;
    }

    /**
     * Starts {@code count} nodes at once on the schema and the Redis at {@code redis}, with {@code settings} on top of
     * the shared ones, and waits until every one is ready.
     */
    static Cluster start(String name, int count, PostgresSchema schema, String redis, Map<String, String> settings) {
        Cluster cluster = new Cluster(redis, new ArrayList<>());
        Map<String, String> all = new LinkedHashMap<>(schema.settings());
        all.put("redis", redis);
        all.put("redis-prefix", cluster.prefix);
        all.put("jwt-secret", "the-nodes-of-one-cluster-share-this-secret");
        all.put("api-key", "the-nodes-of-one-cluster-share-this-key");
        all.put("channel-history", "public=5000/10m");
        // A subscriber recovers at most half this many at once: room for the moments it spends moving under load.
        all.put("outbound-queue-frames", "4096");
        all.put("rate-limit-per-second", "100000");
        all.put("rate-limit-burst", "100000");
        all.putAll(settings);
        Path logs = Path.of("target", "cluster-logs");
        List<CompletableFuture<NodeProcess>> starting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path log = logs.resolve(name + "-node" + i + ".log");
            starting.add(CompletableFuture.supplyAsync(() -> NodeProcess.start(all, log)));
        }
        Throwable failed = null;
        for (CompletableFuture<NodeProcess> f : starting) {
            try {
                cluster.nodes.add(f.get(NodeProcess.START_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS));
            } catch (Exception e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            cluster.close();
            throw new AssertionError("the cluster did not start: " + failed, failed);
        }
        return cluster;
    }

    /** The {@code i}-th node. */
    NodeProcess node(int i) {
        return nodes.get(i);
    }

    /** Every node, running or not. */
    List<NodeProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** The nodes whose process is running, in order (some may still be starting). */
    List<NodeProcess> running() {
        return nodes.stream().filter(NodeProcess::isRunning).toList();
    }

    /**
     * The nodes to try, in order, for a client that leaves {@code from} (null: a client that has no node yet): each
     * other node, starting with a different one for each call so that clients spread, then {@code from} itself.
     */
    List<NodeProcess> failoverOrder(NodeProcess from) {
        int start = Math.floorMod(next.getAndIncrement(), nodes.size());
        List<NodeProcess> order = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProcess n = nodes.get((start + i) % nodes.size());
            if (n != from) {
                order.add(n);
            }
        }
        if (from != null) {
            order.add(from);
        }
        return order;
    }

    /**
     * Opens a client with {@code open} on the first node of {@link #failoverOrder} that takes it, trying again for up
     * to {@code timeout} while none does (nodes may be restarting, or their Redis may be down).
     */
    <T> Connected<T> connect(NodeProcess from, Function<NodeProcess, T> open, Duration timeout) {
        // Tried in this thread: a connect the wait gave up on must not open a client behind the test's back.
        return Awaitility.await("a node takes the client").atMost(timeout).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100)).pollInSameThread().ignoreExceptionsInstanceOf(AssertionError.class)
                .until(() -> connectOnce(from, open), connected -> true);
    }

    /** Opens a client on the first running node of {@link #failoverOrder} that takes it; fails naming the last refusal. */
    private <T> Connected<T> connectOnce(NodeProcess from, Function<NodeProcess, T> open) {
        String last = "no node running";
        for (NodeProcess node : failoverOrder(from)) {
            if (!node.isRunning()) {
                continue;
            }
            try {
                return new Connected<>(node, open.apply(node));
            } catch (ConnectFailedException | AssertionError e) {
                last = "port " + node.port() + ": " + e.getMessage();
            }
        }
        throw new AssertionError("no node took the client; last: " + last);
    }

    /**
     * A client and the node it is connected to.
     *
     * @param node   the node
     * @param client the client
     * @param <T>    the client's type
     */
    record Connected<T>(NodeProcess node, T client) {
    }

    /** The shared API key. */
    String apiKey() {
        return nodes.get(0).apiKey();
    }

    @Override
    public void close() {
        try {
            for (NodeProcess node : nodes) {
                node.close();
            }
        } finally {
            deleteKeys();
        }
    }

    /** Deletes every key under the prefix; a Redis that no longer answers holds nothing of this run to delete. */
    private void deleteKeys() {
        Vertx vertx = Vertx.vertx();
        try {
            RedisOptions options = new RedisOptions().setConnectionString(redis);
            options.getNetClientOptions().setConnectTimeout(2_000);
            Redis client = Redis.createClient(vertx, options);
            String cursor = "0";
            do {
                Response page = await(client.send(Request.cmd(Command.SCAN, cursor, "MATCH", prefix + ":*", "COUNT", 1000)));
                cursor = page.get(0).toString();
                for (Response key : page.get(1)) {
                    await(client.send(Request.cmd(Command.DEL, key.toString())));
                }
            } while (!cursor.equals("0"));
        } catch (RuntimeException e) {
            // Nothing to clean.
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Redis cleanup failed: " + e, e);
        }
    }
}

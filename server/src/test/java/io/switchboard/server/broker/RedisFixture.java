package io.switchboard.server.broker;

import io.switchboard.server.eventloop.LoopContext;
import io.switchboard.server.redis.RedisKeys;
import io.switchboard.server.redis.RedisLink;
import io.switchboard.server.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The local Redis (127.0.0.1:6379) for tests: a Vert.x instance, a client for checks, prefixes unique to one test
 * run, and cleanup of every key under the prefixes it handed out.
 */
public final class RedisFixture implements AutoCloseable {
    /** The local Redis. */
    public static final String URL = "redis://127.0.0.1:6379";

    /** A Vert.x instance of the fixture's own, closed with it. */
    public final Vertx vertx = Vertx.vertx();
    private final Redis client = Redis.createClient(vertx, URL);
    private final List<String> prefixes = new ArrayList<>();
    private final List<SharedRedis> nodes = new ArrayList<>();

    /** A prefix no other test run uses; its keys are deleted on {@link #close()}. */
    public RedisKeys freshKeys() {
        String prefix = "sbt-" + UUID.randomUUID().toString().substring(0, 13);
        prefixes.add(prefix);
        return new RedisKeys(prefix);
    }

    /** A command link to the local Redis, started. */
    RedisLink link(String name) {
        RedisLink link = new RedisLink(client, LoopContext.create(vertx), name,
                c -> Future.succeededFuture(), null, () -> { });
        await(link.start());
        return link;
    }

    /** The shared connections of a node {@code node} on the local Redis, not started; closed with the fixture. */
    public SharedRedis node(RedisKeys keys, String node) {
        return node(RedisFixture.URL, keys, node);
    }

    /** The shared connections of a node {@code node} on the Redis at {@code url}, not started; closed with the fixture. */
    public SharedRedis node(String url, RedisKeys keys, String node) {
        SharedRedis redis = SharedRedis.create(vertx, url, keys, node);
        nodes.add(redis);
        return redis;
    }

    /** Runs one command. */
    public Response send(Command command, Object... args) {
        return await(client.send(Request.cmd(command, args)));
    }

    /** How many connections are subscribed to the topic, as Redis counts them. */
    public long subscribers(String topic) {
        return send(Command.PUBSUB, "NUMSUB", topic).get(1).toLong();
    }

    /** The future's result; its failure (unwrapped) or a timeout after 10 s as an unchecked exception. */
    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            nodes.forEach(n -> await(n.close()));
            for (String prefix : prefixes) {
                String cursor = "0";
                do {
                    Response page = send(Command.SCAN, cursor, "MATCH", prefix + ":*", "COUNT", 1000);
                    cursor = page.get(0).toString();
                    for (Response key : page.get(1)) {
                        send(Command.DEL, key.toString());
                    }
                } while (!cursor.equals("0"));
            }
        } finally {
            await(vertx.close());
        }
    }
}

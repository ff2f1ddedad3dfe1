package io.switchboard.server.redis;

import io.switchboard.server.eventloop.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This node's connections to Redis, shared by every part of the node that uses Redis (the broker, the inbox notifier,
 * presence): one connection for commands, written in the order they are sent, and one for pub/sub
 * ({@link #topics()}), which cannot carry commands (the client answers pub/sub pushes in place of pending replies).
 * Both come back by themselves after a drop, with a capped backoff; one heartbeat watches both. A part registers what
 * it needs, its scripts ({@link #load}) and the listener of its topics, before or after {@link #start()}.
 */
public final class SharedRedis implements RedisCommands {
    // The two links, and room for their replacements while dropped ones close.
    private static final int CONNECTIONS = 4;

    private final Redis client;
    private final LoopContext home;
    private final RedisKeys keys;
    private final String node;
    private final RedisLink commands;
    private final RedisTopics topics;
    private final Set<RedisScript> scripts = ConcurrentHashMap.newKeySet();

    private SharedRedis(Vertx vertx, Redis client, RedisKeys keys, String node) {
        this.client = client;
        this.home = LoopContext.create(vertx);
        this.keys = keys;
        this.node = node;
        String name = keys.prefix() + ":" + node;
        this.commands = new RedisLink(client, home, name + ":cmd", this::loadScripts, null, () -> { });
        // Unique to this process even when a restarted node takes the same id while the old one still runs.
        String instance = node + "." + Long.toString(ThreadLocalRandom.current().nextLong() >>> 12, 36);
        this.topics = new RedisTopics(client, home, name + ":sub", commands, keys.nodeTopic(instance));
    }

    /**
     * The connections of node {@code node} (letters, digits, {@code _ - .}) to the Redis at {@code url} (see
     * {@link RedisAddress}), its keys under {@code keys}. Nothing connects until {@link #start()}. Call off any
     * event loop.
     */
    public static SharedRedis create(Vertx vertx, String url, RedisKeys keys, String node) {
        return new SharedRedis(vertx, RedisLink.client(vertx, url, CONNECTIONS), keys, node);
    }

    /** Connects both connections; completes with the first attempt (failed attempts are retried in the background). */
    public Future<Void> start() {
        return Future.all(commands.start(), topics.start()).mapEmpty();
    }

    /** Calls {@code listener} each time the command connection is up, the first time and after every reconnection. */
    public void onCommandsUp(Runnable listener) {
        commands.onUp(listener);
    }

    /** Whether both connections are up. */
    public boolean up() {
        return commands.up() && topics.up();
    }

    /** The names of the deployment's keys and topics. */
    public RedisKeys keys() {
        return keys;
    }

    /** This node's id. */
    public String node() {
        return node;
    }

    /** The context the connections' callbacks and the topics' listeners run on. */
    public LoopContext home() {
        return home;
    }

    /** The pub/sub topics this node listens to. */
    public RedisTopics topics() {
        return topics;
    }

    /** Loads scripts on every command connection from now on, the current one included, so they run by SHA-1. */
    public void load(RedisScript... more) {
        List<RedisScript> added = new ArrayList<>();
        for (RedisScript s : more) {
            if (scripts.add(s)) {
                added.add(s);
            }
        }
        if (commands.up()) {
            // Best effort: a script Redis does not hold is sent whole (see RedisLink#eval).
            added.forEach(s -> commands.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(s.text())));
        }
    }

    @Override
    public Future<Response> send(Request request) {
        return commands.send(request);
    }

    @Override
    public Future<Response> eval(RedisScript script, List<String> keys, List<Object> args) {
        return commands.eval(script, keys, args);
    }

    /** Closes both connections and the client. */
    public Future<Void> close() {
        return Future.join(topics.close(), commands.close()).eventually(client::close).mapEmpty();
    }

    private Future<Void> loadScripts(RedisConnection c) {
        List<Future<Response>> loads = new ArrayList<>();
        for (RedisScript s : scripts) {
            loads.add(RedisLink.send(c, Request.cmd(Command.SCRIPT).arg("LOAD").arg(s.text())));
        }
        return Future.all(loads).mapEmpty();
    }
}

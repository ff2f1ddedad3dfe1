package io.switchboard.server.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * Commands to Redis, written in the order they are sent. Each fails with {@code unavailable} when Redis cannot take
 * it now (the connection is down, too many commands wait for replies, or Redis refused it); none is queued for later.
 */
public interface RedisCommands {
    /** Sends one command. */
    Future<Response> send(Request request);

    /** Runs a script with its keys and arguments (strings, numbers or byte arrays). */
    Future<Response> eval(RedisScript script, List<String> keys, List<Object> args);
}

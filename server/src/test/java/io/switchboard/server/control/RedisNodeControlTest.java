package io.switchboard.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Json;
import io.switchboard.server.broker.RedisFixture;
import io.switchboard.server.redis.RedisKeys;
import io.switchboard.server.redis.SharedRedis;
import io.switchboard.testtags.NeedsRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Questions between nodes over the local Redis: every node answers, a failing or missing handler is left out. */
@NeedsRedis
@Timeout(30)
class RedisNodeControlTest {
    @Test
    void every_node_answers_and_a_node_whose_handler_fails_is_left_out_without_waiting_for_it() throws Exception {
        try (RedisFixture redis = new RedisFixture()) {
            RedisKeys keys = redis.freshKeys();
            RedisNodeControl a = start(redis, keys, "a", false);
            RedisNodeControl b = start(redis, keys, "b", false);
            RedisNodeControl c = start(redis, keys, "c", false);
            a.answer("who", args -> Future.succeededFuture(Json.object().put("me", "a").put("asked", args.path("q").asText())));
            b.answer("who", args -> Future.succeededFuture(Json.object().put("me", "b").put("asked", args.path("q").asText())));
            c.answer("who", args -> Future.failedFuture(new IllegalStateException("c cannot say")));

            List<NodeAnswer> answers = a.ask("who", Json.object().put("q", "hello")).await(10, TimeUnit.SECONDS);

            assertThat(answers).extracting(NodeAnswer::node).containsExactlyInAnyOrder("a", "b");
            assertThat(answers).allSatisfy(x -> assertThat(x.answer().path("asked").asText()).isEqualTo("hello"));
        }
    }

    @Test
    void counting_live_nodes_waits_for_a_node_presence_still_holds_then_answers_with_those_that_came() throws Exception {
        try (RedisFixture redis = new RedisFixture()) {
            RedisKeys keys = redis.freshKeys();
            RedisNodeControl a = start(redis, keys, "a", true);
            RedisNodeControl b = start(redis, keys, "b", true);
            a.answer("who", args -> Future.succeededFuture(Json.object().put("me", "a")));
            b.answer("who", args -> Future.succeededFuture(Json.object().put("me", "b")));
            // Three nodes live in presence, as a Redis Cluster deployment where one node died a moment ago would show.
            long later = System.currentTimeMillis() + 60_000;
            redis.send(Command.ZADD, keys.presenceNodes(), later, "a", later, "b", later, "dead");

            List<NodeAnswer> answers = a.ask("who", Json.object()).await(10, TimeUnit.SECONDS);

            assertThat(answers).extracting(NodeAnswer::node).containsExactlyInAnyOrder("a", "b");
        }
    }

    private static RedisNodeControl start(RedisFixture redis, RedisKeys keys, String node, boolean cluster) throws Exception {
        SharedRedis shared = redis.node(keys, node);
        shared.start().await(10, TimeUnit.SECONDS);
        RedisNodeControl control = RedisNodeControl.create(shared, cluster);
        control.ready().await(10, TimeUnit.SECONDS);
        return control;
    }
}

package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.CloseStatus;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsRedis;
import io.switchboard.tests.serverapi.ServerApiCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server API on three nodes over Redis: whichever node the backend calls answers for the whole deployment
 * (presence, channel counts, a user's connections, node info) and acts on sockets held by the other nodes
 * (broadcast, unsubscribe, disconnect), alone or in a batch.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@NeedsRedis
class ServerApiAcrossNodesTest {
    private static TwoNodes nodes;
    private static TestServer c;
    private static ServerApiCalls api;

    @BeforeAll
    static void startThreeNodes() {
        nodes = new TwoNodes(Map.of("channel-history", "public=100/10m"));
        c = nodes.another();
        api = new ServerApiCalls(nodes.a.http(), nodes.a.apiKey());
    }

    @AfterAll
    static void stop() {
        if (c != null) {
            c.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void presence_and_channel_counts_add_up_the_subscribers_of_every_node() {
        try (TestClient alice = nodes.a.client("x-alice"); TestClient bob = nodes.b.client("x-bob");
             TestClient carol = c.client("x-carol"); TestClient carol2 = c.client("x-carol")) {
            for (TestClient client : List.of(alice, bob, carol, carol2)) {
                client.subscribe("public:x-room");
            }
            bob.subscribe("public:x-lobby");

            JsonNode clients = api.result("presence", Map.of("channel", "public:x-room")).path("clients");
            List<String> seen = new ArrayList<>();
            clients.forEach(cl -> seen.add(cl.path("user_id").asText() + "/" + cl.path("session_id").asText()));
            assertThat(seen).containsExactlyInAnyOrder("x-alice/" + alice.sessionId(), "x-bob/" + bob.sessionId(),
                    "x-carol/" + carol.sessionId(), "x-carol/" + carol2.sessionId());

            JsonNode stats = api.result("presence_stats", Map.of("channel", "public:x-room"));
            assertThat(stats.path("num_clients").asInt()).isEqualTo(4);
            assertThat(stats.path("num_users").asInt()).isEqualTo(3);

            JsonNode channels = api.result("channels", Map.of("pattern", "public:x-*")).path("channels");
            assertThat(channels.at("/public:x-room/num_clients").asInt()).isEqualTo(4);
            assertThat(channels.at("/public:x-lobby/num_clients").asInt()).isEqualTo(1);
        }
    }

    @Test
    void info_lists_every_node() {
        JsonNode nodesInfo = api.result("info", Map.of()).path("nodes");
        List<String> names = new ArrayList<>();
        nodesInfo.forEach(n -> names.add(n.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrder(nodes.a.switchboard().nodeId(), nodes.b.switchboard().nodeId(),
                c.switchboard().nodeId());
    }

    @Test
    void user_connections_finds_the_users_sessions_on_the_other_nodes() {
        try (TestClient onB = nodes.b.client("y-dave"); TestClient onC = c.client("y-dave")) {
            onC.subscribe("public:y-chat");

            JsonNode connections = api.result("user_connections", Map.of("user", "y-dave")).path("connections");

            List<String> seen = new ArrayList<>();
            connections.forEach(x -> seen.add(x.path("node").asText() + "/" + x.path("session_id").asText()
                    + x.path("channels")));
            assertThat(seen).containsExactlyInAnyOrder(
                    nodes.b.switchboard().nodeId() + "/" + onB.sessionId() + "[]",
                    c.switchboard().nodeId() + "/" + onC.sessionId() + "[\"public:y-chat\"]");
        }
    }

    @Test
    void disconnect_closes_the_users_sockets_held_by_other_nodes() {
        try (TestClient onB = nodes.b.client("z-erin"); TestClient onC = c.client("z-erin");
             TestClient bystander = nodes.b.client("z-frank")) {
            JsonNode result = api.result("disconnect", Map.of("user", "z-erin"));

            assertThat(result.path("sessions").asInt()).isEqualTo(2);
            for (TestClient client : List.of(onB, onC)) {
                CloseStatus close = client.awaitClose();
                assertThat(close.code()).isEqualTo(4006);
            }
            assertThat(bystander.ping()).isNotNull();
        }
    }

    @Test
    void unsubscribe_ends_a_subscription_held_by_another_node_and_tells_the_client() {
        try (TestClient gina = c.client("u-gina"); TestClient hank = nodes.b.client("u-hank")) {
            gina.subscribe("public:u-news");
            hank.subscribe("public:u-news");

            JsonNode result = api.result("unsubscribe", Map.of("user", "u-gina", "channel", "public:u-news"));

            assertThat(result.path("sessions").asInt()).isEqualTo(1);
            JsonNode push = gina.awaitPush("unsubscribed");
            assertThat(push.path("channel").asText()).isEqualTo("public:u-news");
            assertThat(push.at("/data/code").asText()).isEqualTo("unsubscribed_by_server");
            assertThat(api.result("presence_stats", Map.of("channel", "public:u-news")).path("num_clients").asInt())
                    .isEqualTo(1);
            nodes.a.http().publish("public:u-news", Map.of("after", true));
            assertThat(hank.awaitMessage("public:u-news").at("/data/after").asBoolean()).isTrue();
            gina.assertNoPush(Duration.ofMillis(300));
        }
    }

    @Test
    void broadcast_through_one_node_reaches_the_subscribers_on_every_node_and_history_reads_it_back_anywhere() {
        try (TestClient onA = nodes.a.client("b-ivy"); TestClient onB = nodes.b.client("b-jack");
             TestClient onC = c.client("b-kate")) {
            onA.subscribe("public:b-one");
            onB.subscribe("public:b-two");
            onC.subscribe("public:b-one");
            onC.subscribe("public:b-two");

            JsonNode result = api.result("broadcast", Map.of("channels", List.of("public:b-one", "public:b-two"),
                    "data", Map.of("text", "to all")));

            assertThat(result.path("published").asInt()).isEqualTo(2);
            assertThat(onA.awaitMessage("public:b-one").at("/data/text").asText()).isEqualTo("to all");
            assertThat(onB.awaitMessage("public:b-two").at("/data/text").asText()).isEqualTo("to all");
            assertThat(onC.awaitMessage("public:b-one").at("/data/text").asText()).isEqualTo("to all");
            assertThat(onC.awaitMessage("public:b-two").at("/data/text").asText()).isEqualTo("to all");

            ServerApiCalls onNodeC = new ServerApiCalls(c.http(), c.apiKey());
            JsonNode history = onNodeC.result("history", Map.of("channel", "public:b-two"));
            assertThat(history.path("publications")).hasSize(1);
            assertThat(history.at("/publications/0/data/text").asText()).isEqualTo("to all");
        }
    }

    @Test
    void history_in_redis_reads_forward_backward_and_from_a_position_on_any_node_and_removal_keeps_the_position() {
        String channel = "public:h-redis";
        for (int i = 1; i <= 5; i++) {
            assertThat(nodes.b.http().publish(channel, Map.of("n", i)).status()).isEqualTo(202);
        }
        ServerApiCalls onNodeC = new ServerApiCalls(c.http(), c.apiKey());
        JsonNode latest = onNodeC.result("history", Map.of("channel", channel, "limit", 2));
        assertThat(numbers(latest)).containsExactly(4, 5);
        assertThat(latest.path("offset").asLong()).isEqualTo(5);
        String epoch = latest.path("epoch").asText();
        assertThat(numbers(onNodeC.result("history", Map.of("channel", channel,
                "since", Map.of("epoch", epoch, "offset", 0), "limit", 2)))).containsExactly(1, 2);
        assertThat(numbers(onNodeC.result("history", Map.of("channel", channel,
                "since", Map.of("epoch", epoch, "offset", 3))))).containsExactly(4, 5);
        assertThat(numbers(onNodeC.result("history", Map.of("channel", channel, "limit", 2, "reverse", true))))
                .containsExactly(5, 4);
        assertThat(numbers(onNodeC.result("history", Map.of("channel", channel, "reverse", true,
                "since", Map.of("epoch", epoch, "offset", 3))))).containsExactly(2, 1);

        api.result("history_remove", Map.of("channel", channel));
        JsonNode removed = onNodeC.result("history", Map.of("channel", channel));
        assertThat(removed.path("publications")).isEmpty();
        assertThat(removed.path("offset").asLong()).isEqualTo(5);
        assertThat(removed.path("epoch").asText()).isEqualTo(epoch);
        assertThat(nodes.b.http().publish(channel, Map.of("n", 6)).status()).isEqualTo(202);
        JsonNode after = onNodeC.result("history", Map.of("channel", channel, "since", Map.of("epoch", epoch, "offset", 5)));
        assertThat(numbers(after)).containsExactly(6);
    }

    @Test
    void a_node_that_hears_the_question_but_never_answers_leaves_the_others_answer_whole() {
        // Something subscribed to the control topic that never answers, as a stalled node would be.
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            io.vertx.redis.client.RedisConnection silent = io.vertx.redis.client.Redis.createClient(vertx, TwoNodes.REDIS)
                    .connect().await();
            silent.handler(message -> { });
            silent.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.SUBSCRIBE)
                    .arg(new io.switchboard.server.redis.RedisKeys(nodes.prefix).controlTopic())).await();

            JsonNode nodesInfo = api.result("info", Map.of()).path("nodes");

            assertThat(nodesInfo).hasSize(3);
        } finally {
            vertx.close().await();
        }
    }

    private static List<Integer> numbers(JsonNode history) {
        List<Integer> out = new ArrayList<>();
        history.path("publications").forEach(p -> out.add(p.at("/data/n").asInt()));
        return out;
    }

    @Test
    void a_batch_acts_across_the_nodes_in_order() {
        try (TestClient onB = nodes.b.client("batch-lee"); TestClient onC = c.client("batch-lee")) {
            onB.subscribe("public:batch-x");
            onC.subscribe("public:batch-x");
            JsonNode replies = api.result("batch", Map.of("commands", List.of(
                    Map.of("method", "presence_stats", "params", Map.of("channel", "public:batch-x")),
                    Map.of("method", "unsubscribe", "params", Map.of("user", "batch-lee", "channel", "public:batch-x")),
                    Map.of("method", "presence_stats", "params", Map.of("channel", "public:batch-x")),
                    Map.of("method", "disconnect", "params", Map.of("user", "batch-lee", "code", 4003))
            ))).path("replies");

            assertThat(replies.at("/0/result/num_clients").asInt()).isEqualTo(2);
            assertThat(replies.at("/1/result/sessions").asInt()).isEqualTo(2);
            assertThat(replies.at("/2/result/num_clients").asInt()).isZero();
            assertThat(replies.at("/3/result/sessions").asInt()).isEqualTo(2);
            assertThat(onB.awaitClose().code()).isEqualTo(4003);
            assertThat(onC.awaitClose().code()).isEqualTo(4003);
        }
    }
}

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

package io.switchboard.tests.serverapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.CloseStatus;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server API on one node: every method, its answers and its refusals, and the batch endpoint. */
@SwitchboardTest(settings = {"api-key=server-api-test-key-0123456789", "channel-history=public=100/10m"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerApiTest {
    private final TestServer server;
    private final ServerApiCalls api;

    ServerApiTest(TestServer server) {
        this.server = server;
        this.api = new ServerApiCalls(server.http(), server.apiKey());
    }

    @Test
    void broadcast_sends_the_data_to_the_subscribers_of_every_channel_named() {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            alice.subscribe("public:bc-a");
            bob.subscribe("public:bc-b");

            JsonNode result = api.result("broadcast", Map.of("channels", List.of("public:bc-a", "public:bc-b"),
                    "data", Map.of("text", "hello")));

            assertThat(result.path("published").asInt()).isEqualTo(2);
            assertThat(alice.awaitMessage("public:bc-a").at("/data/text").asText()).isEqualTo("hello");
            assertThat(bob.awaitMessage("public:bc-b").at("/data/text").asText()).isEqualTo("hello");
        }
    }

    @Test
    void broadcast_refuses_a_missing_empty_bad_repeated_or_too_long_channel_list_naming_the_field() {
        assertError(api.call("broadcast", Map.of("data", 1)), 400, "missing_field", "channels");
        assertError(api.call("broadcast", Map.of("channels", List.of(), "data", 1)), 400, "invalid_field", "channels");
        assertError(api.call("broadcast", Map.of("channels", List.of("public:a", "no colon"), "data", 1)),
                400, "invalid_field", "channels[1]");
        assertError(api.call("broadcast", Map.of("channels", List.of("public:a", "public:a"), "data", 1)),
                400, "invalid_field", "channels[1]");
        assertError(api.call("broadcast", Map.of("channels", List.of("public:a"))), 400, "missing_field", "data");
        List<String> many = IntStream.range(0, 1001).mapToObj(i -> "public:c" + i).toList();
        assertError(api.call("broadcast", Map.of("channels", many, "data", 1)), 413, "too_large", "channels");
    }

    @Test
    void presence_lists_each_subscribed_session_and_presence_stats_counts_sessions_and_users() {
        try (TestClient alice1 = server.client("alice"); TestClient alice2 = server.client("alice");
             TestClient bob = server.client("bob"); TestClient carol = server.client("carol")) {
            alice1.subscribe("public:pr");
            alice2.subscribe("public:pr");
            bob.subscribe("public:pr");
            carol.subscribe("public:other");

            JsonNode clients = api.result("presence", Map.of("channel", "public:pr")).path("clients");
            List<String> sessions = new ArrayList<>();
            clients.forEach(c -> sessions.add(c.path("user_id").asText() + "/" + c.path("session_id").asText()));
            assertThat(sessions).containsExactlyInAnyOrder("alice/" + alice1.sessionId(), "alice/" + alice2.sessionId(),
                    "bob/" + bob.sessionId());

            JsonNode stats = api.result("presence_stats", Map.of("channel", "public:pr"));
            assertThat(stats.path("num_clients").asInt()).isEqualTo(3);
            assertThat(stats.path("num_users").asInt()).isEqualTo(2);

            JsonNode nobody = api.result("presence_stats", Map.of("channel", "public:nobody-here"));
            assertThat(nobody.path("num_clients").asInt()).isZero();
        }
        assertError(api.call("presence", Map.of()), 400, "missing_field", "channel");
        assertError(api.call("presence_stats", Map.of("channel", "nocolon")), 400, "invalid_field", "channel");
        assertError(api.call("presence", Map.of("channel", "public:x", "limit", 3)), 400, "unknown_field", "limit");
    }

    @Test
    void history_reads_forward_from_a_position_and_backward_and_history_remove_keeps_the_position() {
        String channel = "public:hist";
        for (int i = 1; i <= 5; i++) {
            assertThat(server.http().publish(channel, Map.of("n", i)).status()).isEqualTo(202);
        }
        JsonNode first = api.result("history", Map.of("channel", channel, "limit", 2));
        assertThat(numbers(first)).containsExactly(4, 5);
        assertThat(offsets(first)).containsExactly(4L, 5L);
        assertThat(first.path("offset").asLong()).isEqualTo(5);
        String epoch = first.path("epoch").asText();
        assertThat(epoch).isNotEmpty();

        JsonNode after = api.result("history", Map.of("channel", channel, "since", Map.of("epoch", epoch, "offset", 3)));
        assertThat(numbers(after)).containsExactly(4, 5);

        JsonNode newest = api.result("history", Map.of("channel", channel, "limit", 2, "reverse", true));
        assertThat(numbers(newest)).containsExactly(5, 4);

        JsonNode before = api.result("history", Map.of("channel", channel, "reverse", true,
                "since", Map.of("epoch", epoch, "offset", 3)));
        assertThat(numbers(before)).containsExactly(2, 1);

        assertError(api.call("history", Map.of("channel", channel, "since", Map.of("epoch", "not-" + epoch, "offset", 1))),
                412, "precondition_failed", "since.epoch");

        assertThat(api.result("history_remove", Map.of("channel", channel)).isObject()).isTrue();
        JsonNode removed = api.result("history", Map.of("channel", channel));
        assertThat(removed.path("publications")).isEmpty();
        assertThat(removed.path("offset").asLong()).isEqualTo(5);
        assertThat(removed.path("epoch").asText()).isEqualTo(epoch);
    }

    @Test
    void history_refuses_a_channel_that_keeps_none_and_bad_parameters_naming_the_field() {
        assertError(api.call("history", Map.of("channel", "user:alice")), 403, "forbidden", "channel");
        assertError(api.call("history_remove", Map.of("channel", "user:alice")), 403, "forbidden", "channel");
        assertError(api.call("history", Map.of("channel", "nowhere:x")), 403, "forbidden", "channel");
        assertError(api.call("history", Map.of("channel", "public:h", "limit", 1001)), 400, "invalid_field", "limit");
        assertError(api.call("history", Map.of("channel", "public:h", "reverse", "yes")), 400, "invalid_field", "reverse");
        assertError(api.call("history", Map.of("channel", "public:h", "since", Map.of("epoch", "e"))),
                400, "missing_field", "since.offset");
    }

    @Test
    void channels_lists_the_active_channels_with_their_subscriber_counts_filtered_by_a_pattern() {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            alice.subscribe("public:ch-room-1");
            bob.subscribe("public:ch-room-1");
            bob.subscribe("public:ch-lobby");

            JsonNode all = api.result("channels", Map.of()).path("channels");
            assertThat(all.at("/public:ch-room-1/num_clients").asInt()).isEqualTo(2);
            assertThat(all.at("/public:ch-lobby/num_clients").asInt()).isEqualTo(1);

            JsonNode rooms = api.result("channels", Map.of("pattern", "public:ch-room-*")).path("channels");
            List<String> names = new ArrayList<>();
            rooms.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactly("public:ch-room-1");
        }
        assertError(api.call("channels", Map.of("pattern", 5)), 400, "invalid_field", "pattern");
    }

    @Test
    void info_describes_this_node() {
        try (TestClient alice = server.client("alice")) {
            alice.subscribe("public:info");
            JsonNode nodes = api.result("info", Map.of()).path("nodes");
            assertThat(nodes).hasSize(1);
            JsonNode node = nodes.get(0);
            assertThat(node.path("name").asText()).isEqualTo(server.switchboard().nodeId());
            assertThat(node.path("num_clients").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(node.path("num_users").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(node.path("num_channels").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(node.path("uptime").isIntegralNumber()).isTrue();
        }
    }

    @Test
    void user_connections_lists_each_session_of_the_user_with_its_channels() {
        try (TestClient a1 = server.client("uc-user"); TestClient a2 = server.client("uc-user");
             TestClient other = server.client("uc-other")) {
            a1.subscribe("public:uc");
            JsonNode connections = api.result("user_connections", Map.of("user", "uc-user")).path("connections");
            assertThat(connections).hasSize(2);
            for (JsonNode c : connections) {
                assertThat(c.path("node").asText()).isEqualTo(server.switchboard().nodeId());
                if (c.path("session_id").asText().equals(a1.sessionId())) {
                    assertThat(c.path("channels").toString()).isEqualTo("[\"public:uc\"]");
                } else {
                    assertThat(c.path("session_id").asText()).isEqualTo(a2.sessionId());
                    assertThat(c.path("channels")).isEmpty();
                }
            }
            assertThat(api.result("user_connections", Map.of("user", "nobody")).path("connections")).isEmpty();
        }
        assertError(api.call("user_connections", Map.of()), 400, "missing_field", "user");
        assertError(api.call("user_connections", Map.of("user", "")), 400, "invalid_field", "user");
    }

    @Test
    void unsubscribe_ends_the_users_subscription_and_tells_the_client_why() {
        try (TestClient alice = server.client("unsub-alice"); TestClient bob = server.client("unsub-bob")) {
            alice.subscribe("public:unsub");
            bob.subscribe("public:unsub");

            JsonNode result = api.result("unsubscribe", Map.of("user", "unsub-alice", "channel", "public:unsub"));

            assertThat(result.path("sessions").asInt()).isEqualTo(1);
            JsonNode push = alice.awaitPush("unsubscribed");
            assertThat(push.path("channel").asText()).isEqualTo("public:unsub");
            assertThat(push.at("/data/code").asText()).isEqualTo("unsubscribed_by_server");
            assertThat(api.result("presence_stats", Map.of("channel", "public:unsub")).path("num_clients").asInt()).isEqualTo(1);

            server.http().publish("public:unsub", Map.of("after", true));
            assertThat(bob.awaitMessage("public:unsub").at("/data/after").asBoolean()).isTrue();
            alice.assertNoPush(Duration.ofMillis(300));
            // The client may subscribe again (nothing forbids it: the backend removed a subscription, not a right).
            alice.subscribe("public:unsub");
        }
        assertError(api.call("unsubscribe", Map.of("user", "x")), 400, "missing_field", "channel");
    }

    @Test
    void disconnect_closes_every_session_of_the_user_with_4006_by_default_or_the_code_given() {
        try (TestClient a1 = server.client("dc-user"); TestClient a2 = server.client("dc-user");
             TestClient other = server.client("dc-other")) {
            JsonNode result = api.result("disconnect", Map.of("user", "dc-user"));

            assertThat(result.path("sessions").asInt()).isEqualTo(2);
            for (TestClient c : List.of(a1, a2)) {
                CloseStatus close = c.awaitClose();
                assertThat(close.code()).isEqualTo(4006);
                assertThat(close.reason()).isEqualTo("disconnected by the server");
            }
            assertThat(other.ping()).isNotNull();
        }
        try (TestClient c = server.client("dc-again")) {
            api.result("disconnect", Map.of("user", "dc-again", "code", 4201, "reason", "move along"));
            CloseStatus close = c.awaitClose();
            assertThat(close.code()).isEqualTo(4201);
            assertThat(close.reason()).isEqualTo("move along");
        }
        assertError(api.call("disconnect", Map.of("user", "x", "code", 1000)), 400, "invalid_field", "code");
        assertError(api.call("disconnect", Map.of("user", "x", "reason", "x".repeat(124))), 400, "invalid_field", "reason");
        assertError(api.call("disconnect", Map.of("code", 4000)), 400, "missing_field", "user");
    }

    @Test
    void batch_answers_every_command_in_order_and_a_failing_one_does_not_stop_the_rest() {
        try (TestClient alice = server.client("batch-alice")) {
            alice.subscribe("public:batch");
            JsonNode replies = api.result("batch", Map.of("commands", List.of(
                    Map.of("method", "publish", "params", Map.of("channel", "public:batch", "data", Map.of("n", 1))),
                    Map.of("method", "presence_stats", "params", Map.of("channel", "public:batch")),
                    Map.of("method", "no_such_method", "params", Map.of()),
                    Map.of("method", "history", "params", Map.of("channel", "user:batch-alice")),
                    Map.of("method", "info"),
                    Map.of("method", "broadcast", "params", Map.of("channels", List.of("public:batch"), "data", Map.of("n", 2)))
            ))).path("replies");

            assertThat(replies).hasSize(6);
            assertThat(replies.at("/0/result/status").asText()).isEqualTo("published");
            assertThat(replies.at("/1/result/num_clients").asInt()).isEqualTo(1);
            assertThat(replies.at("/2/error/code").asText()).isEqualTo("unknown_method");
            assertThat(replies.at("/2/error/field").asText()).isEqualTo("commands[2].method");
            assertThat(replies.at("/3/error/code").asText()).isEqualTo("forbidden");
            assertThat(replies.at("/3/error/field").asText()).isEqualTo("commands[3].params.channel");
            assertThat(replies.at("/4/result/nodes")).hasSize(1);
            assertThat(replies.at("/5/result/published").asInt()).isEqualTo(1);
            assertThat(alice.awaitMessage("public:batch").at("/data/n").asInt()).isEqualTo(1);
            assertThat(alice.awaitMessage("public:batch").at("/data/n").asInt()).isEqualTo(2);
        }
    }

    @Test
    void batch_refuses_an_empty_a_too_long_or_a_nested_batch() {
        assertError(api.call("batch", Map.of("commands", List.of())), 400, "invalid_field", "commands");
        List<Map<String, Object>> many = IntStream.range(0, 101).<Map<String, Object>>mapToObj(i -> Map.of("method", "info")).toList();
        assertError(api.call("batch", Map.of("commands", many)), 413, "too_large", "commands");
        JsonNode nested = api.result("batch", Map.of("commands", List.of(Map.of("method", "batch",
                "params", Map.of("commands", List.of(Map.of("method", "info"))))))).path("replies");
        assertThat(nested.at("/0/error/code").asText()).isEqualTo("invalid_field");
        assertThat(nested.at("/0/error/field").asText()).isEqualTo("commands[0].method");
        JsonNode badCommand = api.result("batch", Map.of("commands", List.of("info"))).path("replies");
        assertThat(badCommand.at("/0/error/field").asText()).isEqualTo("commands[0]");
    }

    @Test
    void an_unknown_method_is_404_unknown_method_and_every_method_wants_the_api_key_and_a_json_object() {
        HttpReply unknown = api.call("no_such_method", Map.of());
        assertError(unknown, 404, "unknown_method", null);
        assertThat(unknown.json().at("/error/message").asText()).contains("broadcast", "presence", "batch");

        HttpReply noKey = server.http().postJson("/api/info", Map.of(), Map.of());
        assertError(noKey, 401, "unauthorized", null);
        HttpReply wrongKey = server.http().postJson("/api/no_such_method", Map.of(), Map.of("X-Api-Key", "wrong"));
        assertError(wrongKey, 401, "unauthorized", null);
        HttpReply text = server.http().post("/api/info", "text/plain", "{}", Map.of("X-Api-Key", server.apiKey()));
        assertError(text, 415, "unsupported_media_type", null);
        HttpReply array = server.http().post("/api/info", "application/json", "[]", Map.of("X-Api-Key", server.apiKey()));
        assertError(array, 400, "bad_json", null);
        assertError(api.call("info", Map.of("verbose", true)), 400, "unknown_field", "verbose");
    }

    private static void assertError(HttpReply reply, int status, String code, String field) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.errorCode()).as("%s", reply).isEqualTo(code);
        if (field != null) {
            assertThat(reply.errorField()).as("%s", reply).isEqualTo(field);
        }
    }

    private static List<Integer> numbers(JsonNode history) {
        List<Integer> out = new ArrayList<>();
        history.path("publications").forEach(p -> out.add(p.at("/data/n").asInt()));
        return out;
    }

    private static List<Long> offsets(JsonNode history) {
        List<Long> out = new ArrayList<>();
        history.path("publications").forEach(p -> out.add(p.path("offset").asLong()));
        return out;
    }
}

package io.switchboard.client.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The issue-16 commands on {@code /ws} as SPEC-16 shapes them: what the client sends and how it reads the replies.
 * Against {@link FakeNode} until the server has them ({@link FakeServerUntilMerged}).
 */
@FakeServerUntilMerged
@Timeout(30)
class ChannelCommandsOnFakeServerTest {
    private static SwitchboardChannels client(FakeNode node) {
        return SwitchboardChannels.builder(node.url()).token("t").build();
    }

    private static JsonNode json(String text) {
        return Json.parse(text);
    }

    @Test
    void presence_sends_the_channel_and_reads_the_clients() {
        try (FakeNode node = new FakeNode((req, ws) -> List.of(FakeNode.ack(req, json(
                "{\"clients\":[{\"user_id\":\"alice\",\"session_id\":\"s1\",\"info\":{\"name\":\"Alice\"}},{\"user_id\":\"bob\",\"session_id\":\"s2\"}]}"))));
             SwitchboardChannels c = client(node)) {
            c.connect();
            List<PresenceClient> clients = c.presence("room:1").join();

            assertThat(node.requests("presence").get(0).path("data")).isEqualTo(json("{\"channel\":\"room:1\"}"));
            assertThat(clients).extracting(PresenceClient::userId).containsExactly("alice", "bob");
            assertThat(clients.get(0).sessionId()).isEqualTo("s1");
            assertThat(clients.get(0).info().path("name").asText()).isEqualTo("Alice");
            assertThat(clients.get(1).info()).isNull();
        }
    }

    @Test
    void presence_stats_reads_the_counts() {
        try (FakeNode node = new FakeNode((req, ws) -> List.of(FakeNode.ack(req, json("{\"num_clients\":3,\"num_users\":2}"))));
             SwitchboardChannels c = client(node)) {
            c.connect();
            PresenceStats stats = c.presenceStats("room:1").join();

            assertThat(node.requests("presence_stats").get(0).path("data")).isEqualTo(json("{\"channel\":\"room:1\"}"));
            assertThat(stats.numClients()).isEqualTo(3);
            assertThat(stats.numUsers()).isEqualTo(2);
        }
    }

    @Test
    void history_sends_limit_and_since_and_reads_the_publications_with_their_positions() {
        try (FakeNode node = new FakeNode((req, ws) -> List.of(FakeNode.ack(req, json(
                "{\"publications\":[{\"offset\":4,\"data\":{\"n\":4}},{\"offset\":5,\"data\":{\"n\":5}}],\"epoch\":\"e1\",\"offset\":5}"))));
             SwitchboardChannels c = client(node)) {
            c.connect();
            HistoryPage page = c.history("room:1", 10, StreamPosition.of("e1", 3)).join();

            assertThat(node.requests("history").get(0).path("data"))
                    .isEqualTo(json("{\"channel\":\"room:1\",\"limit\":10,\"since\":{\"epoch\":\"e1\",\"offset\":3}}"));
            assertThat(page.publications()).extracting(p -> p.data().path("n").asInt()).containsExactly(4, 5);
            assertThat(page.publications().get(0).position()).isEqualTo(StreamPosition.of("e1", 4));
            assertThat(page.latest()).isEqualTo(StreamPosition.of("e1", 5));
        }
    }

    @Test
    void history_without_limit_or_since_sends_only_the_channel() {
        try (FakeNode node = new FakeNode((req, ws) -> List.of(FakeNode.ack(req, json("{\"publications\":[],\"epoch\":\"e1\",\"offset\":0}"))));
             SwitchboardChannels c = client(node)) {
            c.connect();
            assertThat(c.history("room:1", 0, null).join().publications()).isEmpty();
            assertThat(node.requests("history").get(0).path("data")).isEqualTo(json("{\"channel\":\"room:1\"}"));
        }
    }

    @Test
    void rpc_sends_method_and_data_and_returns_the_backends_result() {
        try (FakeNode node = new FakeNode((req, ws) -> List.of(FakeNode.ack(req, json("{\"data\":{\"sum\":5}}"))));
             SwitchboardChannels c = client(node)) {
            c.connect();
            JsonNode result = c.rpc("add", Map.of("a", 2, "b", 3)).join();

            assertThat(node.requests("rpc").get(0).path("data")).isEqualTo(json("{\"method\":\"add\",\"data\":{\"a\":2,\"b\":3}}"));
            assertThat(result).isEqualTo(json("{\"sum\":5}"));
        }
    }

    @Test
    void a_refused_rpc_fails_with_the_backends_code_and_a_temporary_one_says_so() {
        try (FakeNode node = new FakeNode((req, ws) -> List.of(req.path("data").path("method").asText().equals("teapot")
                ? FakeNode.error(req, 1418, "I am a teapot", false)
                : FakeNode.error(req, "unavailable", "the hook is down", true)));
             SwitchboardChannels c = client(node)) {
            c.connect();
            assertThatThrownBy(() -> c.rpc("teapot", null).join()).cause().isInstanceOf(RequestFailedException.class)
                    .satisfies(e -> assertThat(((RequestFailedException) e).error().code()).isEqualTo("1418"));
            assertThatThrownBy(() -> c.rpc("down", null).join()).cause().isInstanceOf(RequestFailedException.class)
                    .satisfies(e -> assertThat(((RequestFailedException) e).error().temporary()).isTrue());
            assertThat(c.state()).isEqualTo(RealtimeState.CONNECTED);
        }
    }

    @Test
    void a_subscription_the_server_ends_is_reported_and_not_renewed_after_a_reconnect() {
        List<String> ended = new CopyOnWriteArrayList<>();
        try (FakeNode node = new FakeNode((req, ws) -> {
            if (req.path("type").asText().equals("subscribe")) {
                return List.of(FakeNode.ack(req, null),
                        "{\"type\":\"unsubscribed\",\"channel\":\"room:1\",\"data\":{\"code\":\"subscription_expired\"}}");
            }
            return List.of(FakeNode.ack(req, null));
        });
             SwitchboardChannels c = SwitchboardChannels.builder(node.url()).token("t")
                     .backoff(new io.switchboard.client.Backoff(Duration.ofMillis(10), Duration.ofMillis(20), 2.0, 0.0)).build()) {
            c.connect();
            Subscription sub = c.subscribe("room:1", new SubscriptionListener() {
                @Override
                public void onPublication(Publication publication) {
                }

                @Override
                public void onUnsubscribed(Subscription subscription, String code) {
                    ended.add(code);
                }
            }).join();
            await().atMost(Duration.ofSeconds(5)).until(() -> ended.equals(List.of("subscription_expired")));
            assertThat(sub.isActive()).isFalse();

            node.sockets.get(0).close(4100, "slow consumer");
            await().atMost(Duration.ofSeconds(5)).until(() -> node.sockets.size() == 2 && c.state() == RealtimeState.CONNECTED);
            c.publish("room:2", Map.of("n", 1)).join(); // after whatever the client renews on connect
            assertThat(node.requests("subscribe")).hasSize(1);
        }
    }

    @Test
    void join_and_leave_reach_the_subscription_listener() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (FakeNode node = new FakeNode((req, ws) -> req.path("type").asText().equals("subscribe")
                ? List.of(FakeNode.ack(req, null),
                        "{\"type\":\"join\",\"channel\":\"room:1\",\"data\":{\"user_id\":\"bob\",\"session_id\":\"s9\"}}",
                        "{\"type\":\"leave\",\"channel\":\"room:1\",\"data\":{\"user_id\":\"bob\",\"session_id\":\"s9\"}}")
                : List.of(FakeNode.ack(req, null)));
             SwitchboardChannels c = client(node)) {
            c.connect();
            c.subscribe("room:1", new SubscriptionListener() {
                @Override
                public void onPublication(Publication publication) {
                }

                @Override
                public void onJoin(Subscription subscription, PresenceClient client) {
                    seen.add("join " + client.userId() + "/" + client.sessionId());
                }

                @Override
                public void onLeave(Subscription subscription, PresenceClient client) {
                    seen.add("leave " + client.userId());
                }
            }).join();
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
            assertThat(seen).containsExactly("join bob/s9", "leave bob");
        }
    }
}

package io.switchboard.client.e2e.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.Backoff;
import io.switchboard.client.realtime.HistoryPage;
import io.switchboard.client.realtime.Publication;
import io.switchboard.client.realtime.RealtimeState;
import io.switchboard.client.realtime.RequestFailedException;
import io.switchboard.client.realtime.Subscription;
import io.switchboard.client.realtime.SwitchboardChannels;
import io.switchboard.client.realtime.UserEvents;
import io.switchboard.client.realtime.WireFormat;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TcpProxy;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Java client on the binary protocol ({@code .format(WireFormat.MSGPACK)}) against a real node: every command and
 * push it knows goes both ways as MessagePack, and it shares channels with JSON clients, who see the same data.
 */
@Timeout(90)
class BinaryProtocolOnRealServerTest {
    static HookBackend backend;
    static TestServer server;

    @BeforeAll
    static void start() {
        backend = HookBackend.start((path, body) -> path.equals("/connect")
                ? "{\"result\":{\"info\":{\"name\":\"" + body.path("user").asText().toUpperCase() + "\"}}}"
                : "{\"result\":{\"data\":{\"echo\":" + body.path("data") + ",\"user\":" + body.path("user") + "}}}");
        server = TestServer.start(Map.of(
                "namespace.room.presence", "true",
                "namespace.room.client-presence", "true",
                "namespace.room.join-leave", "true",
                "namespace.room.history-size", "100",
                "namespace.room.client-history", "true",
                "hook-connect-url", backend.url("/connect"),
                "hook-rpc-url", backend.url("/rpc")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    private static SwitchboardChannels client(String url, String user, Seen seen, WireFormat format) {
        return SwitchboardChannels.builder(url).tokenSupplier(() -> server.token(user)).listener(seen).format(format)
                .pingInterval(Duration.ofMillis(300))
                .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(300), 2.0, 0.5)).build();
    }

    private static SwitchboardChannels client(String user, Seen seen, WireFormat format) {
        return client("http://127.0.0.1:" + server.port(), user, seen, format);
    }

    @Test
    void channel_commands_and_pushes_go_both_ways_in_messagepack_and_json_clients_see_the_same_data() {
        Seen alice = new Seen();
        Seen bob = new Seen();
        try (SwitchboardChannels a = client("alice", alice, WireFormat.MSGPACK);
             SwitchboardChannels b = client("bob", bob, WireFormat.JSON)) {
            a.connect();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.state() == RealtimeState.CONNECTED);
            assertThat(a.wireFormat()).as("granted by the server").isEqualTo(WireFormat.MSGPACK);
            assertThat(alice.sessions).hasSize(1);
            a.subscribe("room:mixed", alice).join();
            b.connect();
            b.subscribe("room:mixed", bob).join();
            assertThat(b.wireFormat()).isEqualTo(WireFormat.JSON);

            JsonNode data = Json.parse("{\"s\":\"ünïcode ✓\",\"i\":-7,\"l\":9007199254740993,\"f\":0.25,"
                    + "\"t\":false,\"n\":null,\"a\":[1,[2,[3]]],\"o\":{\"k\":{}}}");
            a.publish("room:mixed", data).join();
            b.publish("room:mixed", Map.of("n", 2)).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.publications.size() == 2 && bob.publications.size() == 2);
            for (Seen seen : List.of(alice, bob)) {
                assertThat(seen.publications.get(0).data()).isEqualTo(data);
                assertThat(seen.publications.get(1).data().path("n").asInt()).isEqualTo(2);
            }
            assertThat(alice.publications.get(1).position()).isEqualTo(bob.publications.get(1).position());

            await().atMost(Duration.ofSeconds(10)).until(() -> a.presence("room:mixed").join().size() == 2);
            assertThat(a.presence("room:mixed").join()).allSatisfy(c ->
                    assertThat(c.info().path("name").asText()).isEqualTo(c.userId().toUpperCase()));
            assertThat(a.presenceStats("room:mixed").join().numUsers()).isEqualTo(2);
            HistoryPage history = a.history("room:mixed", 10, null).join();
            assertThat(history.publications()).extracting(Publication::data)
                    .containsExactly(data, Json.parse("{\"n\":2}"));

            JsonNode answer = a.rpc("echo", Map.of("x", List.of(1, "two"))).join();
            assertThat(answer).isEqualTo(Json.parse("{\"echo\":{\"x\":[1,\"two\"]},\"user\":\"alice\"}"));

            assertThatThrownBy(() -> a.publish("nobody:owns", "x").join()).satisfies(e -> {
                assertThat(e.getCause()).isInstanceOf(RequestFailedException.class);
                assertThat(((RequestFailedException) e.getCause()).error().code()).isEqualTo("forbidden");
            });
            a.refreshToken().join();

            String bobSession = b.sessionId();
            b.unsubscribe("room:mixed").join();
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.joinsAndLeaves.contains("leave bob/" + bobSession));
            assertThat(alice.joinsAndLeaves).contains("join alice/" + a.sessionId(), "join bob/" + bobSession);

            HttpReply ended = server.http().postJson("/api/unsubscribe", Map.of("user", "alice", "channel", "room:mixed"),
                    Map.of("X-Api-Key", server.apiKey()));
            assertThat(ended.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> !alice.ended.isEmpty());
            assertThat(alice.ended).containsExactly("room:mixed unsubscribed_by_server");

            // Pings (every 300 ms) and their pongs kept the one session alive throughout.
            assertThat(a.state()).isEqualTo(RealtimeState.CONNECTED);
            assertThat(alice.sessions).hasSize(1);
        }
    }

    @Test
    void a_subscription_recovers_what_it_missed_over_messagepack_after_the_connection_was_cut() {
        Seen alice = new Seen();
        try (TcpProxy proxy = TcpProxy.to(server.port());
             SwitchboardChannels a = client(proxy.url(), "alice", alice, WireFormat.MSGPACK)) {
            a.connect();
            Subscription sub = a.subscribe("room:recover", alice).join();
            server.http().publish("room:recover", Map.of("n", 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.numbers().equals(List.of(1)));

            proxy.cut();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.state() == RealtimeState.RECONNECTING);
            server.http().publish("room:recover", Map.of("n", 2));
            server.http().publish("room:recover", Map.of("n", 3));
            proxy.restore();

            // The replayed publications come before the subscribe's ack, which is what makes the subscription active.
            await().atMost(Duration.ofSeconds(15)).until(() -> alice.numbers().size() == 3 && sub.isActive());
            assertThat(alice.numbers()).containsExactly(1, 2, 3);
            assertThat(alice.sessions).hasSize(2);
            assertThat(a.wireFormat()).isEqualTo(WireFormat.MSGPACK);
        }
    }

    @Test
    void user_events_arrive_in_messagepack_and_acks_in_messagepack_are_taken() {
        Seen seen = new Seen();
        try (UserEvents ada = UserEvents.builder("http://127.0.0.1:" + server.port(), "ada")
                .tokenSupplier(() -> server.token("ada")).listener(seen).format(WireFormat.MSGPACK).build()) {
            ada.on("notice", seen::event);
            ada.connect();
            for (int n = 1; n <= 3; n++) {
                HttpReply r = server.http().postJson("/api/inbox/events", Map.of("user_id", "ada", "type", "notice",
                        "data", Map.of("n", n)), Map.of("X-Api-Key", server.apiKey()));
                assertThat(r.status()).isEqualTo(201);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.events.size() == 3);
            assertThat(ada.wireFormat()).isEqualTo(WireFormat.MSGPACK);
            assertThat(seen.events.stream().map(e -> e.data().path("n").asInt()).collect(Collectors.toList()))
                    .containsExactly(1, 2, 3);
            ada.ack();
        }
        // Acked over MessagePack: a new socket gets nothing again.
        Seen again = new Seen();
        try (UserEvents ada = UserEvents.builder("http://127.0.0.1:" + server.port(), "ada")
                .tokenSupplier(() -> server.token("ada")).listener(again).build()) {
            ada.on("notice", again::event);
            ada.connect();
            await().atMost(Duration.ofSeconds(10)).until(() -> ada.state() == RealtimeState.CONNECTED);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> again.events.isEmpty());
        }
    }
}

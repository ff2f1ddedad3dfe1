package io.switchboard.client.e2e.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.Backoff;
import io.switchboard.client.realtime.HistoryPage;
import io.switchboard.client.realtime.PresenceClient;
import io.switchboard.client.realtime.PresenceStats;
import io.switchboard.client.realtime.Publication;
import io.switchboard.client.realtime.RealtimeState;
import io.switchboard.client.realtime.RequestFailedException;
import io.switchboard.client.realtime.StreamPosition;
import io.switchboard.client.realtime.Subscription;
import io.switchboard.client.realtime.SwitchboardChannels;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TcpProxy;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The channel commands of issue 16 through {@link SwitchboardChannels}, against a real node whose {@code room}
 * namespace comes from configuration (presence, join/leave, history, all readable by clients) and whose hooks reach a
 * real HTTP backend started here: the connect hook gives each user's {@code info}, the RPC hook answers or refuses.
 */
@Timeout(60)
class ChannelCommandsOnRealServerTest {
    static HookBackend backend;
    static TestServer server;

    @BeforeAll
    static void start() {
        backend = HookBackend.start((path, body) -> path.equals("/connect")
                ? "{\"result\":{\"info\":{\"name\":\"" + body.path("user").asText().toUpperCase() + "\"}}}"
                : rpc(body));
        server = TestServer.start(Map.of(
                "namespace.room.presence", "true",
                "namespace.room.client-presence", "true",
                "namespace.room.join-leave", "true",
                "namespace.room.history-size", "100",
                "namespace.room.client-history", "true",
                "hook-connect-url", backend.url("/connect"),
                "hook-rpc-url", backend.url("/rpc")));
    }

    private static String rpc(JsonNode call) {
        switch (call.path("method").asText()) {
            case "add":
                int sum = call.at("/data/a").asInt() + call.at("/data/b").asInt();
                return "{\"result\":{\"data\":{\"sum\":" + sum + ",\"user\":" + call.path("user") + "}}}";
            case "launch":
                return "{\"error\":{\"code\":1001,\"message\":\"not before lunch\"}}";
            case "join_room":
                return "{\"error\":{\"code\":\"room_full\",\"message\":\"room 7 is full\",\"temporary\":true}}";
            default:
                return "{\"result\":{}}";
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    private static SwitchboardChannels client(String url, String user, Seen seen) {
        return SwitchboardChannels.builder(url).tokenSupplier(() -> server.token(user)).listener(seen)
                .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(300), 2.0, 0.5)).build();
    }

    private static SwitchboardChannels client(String user, Seen seen) {
        return client("http://127.0.0.1:" + server.port(), user, seen);
    }

    /** {@code POST /api/<method>} with the API key; the answer's {@code result}. */
    private static JsonNode api(String method, Map<String, ?> params) {
        HttpReply reply = server.http().postJson("/api/" + method, params, Map.of("X-Api-Key", server.apiKey()));
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.json().path("result");
    }

    private static RequestFailedException refusal(Throwable completion) {
        assertThat(completion.getCause()).isInstanceOf(RequestFailedException.class);
        return (RequestFailedException) completion.getCause();
    }

    @Test
    void presence_lists_every_session_with_the_info_the_connect_hook_gave_and_the_stats_count_sessions_and_users() {
        Seen seen = new Seen();
        try (SwitchboardChannels a1 = client("alice", seen); SwitchboardChannels a2 = client("alice", seen);
             SwitchboardChannels b = client("bob", seen)) {
            for (SwitchboardChannels c : List.of(a1, a2, b)) {
                c.connect();
                c.subscribe("room:presence", p -> { }).join();
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> a1.presence("room:presence").join().size() == 3);
            List<PresenceClient> clients = b.presence("room:presence").join();
            assertThat(clients).extracting(c -> c.userId() + "/" + c.sessionId()).containsExactlyInAnyOrder(
                    "alice/" + a1.sessionId(), "alice/" + a2.sessionId(), "bob/" + b.sessionId());
            assertThat(clients).allSatisfy(c -> assertThat(c.info().path("name").asText()).isEqualTo(c.userId().toUpperCase()));

            PresenceStats stats = a2.presenceStats("room:presence").join();
            assertThat(stats.numClients()).isEqualTo(3);
            assertThat(stats.numUsers()).isEqualTo(2);

            a2.unsubscribe("room:presence").join();
            await().atMost(Duration.ofSeconds(10)).until(() -> a1.presenceStats("room:presence").join().numClients() == 2);
            assertThat(a1.presenceStats("room:presence").join().numUsers()).isEqualTo(2);

            assertThatThrownBy(() -> a2.presence("room:presence").join())
                    .satisfies(e -> assertThat(refusal(e).error().code()).isEqualTo("forbidden"))
                    .satisfies(e -> assertThat(refusal(e).error().field()).isEqualTo("data.channel"));
        }
    }

    @Test
    void history_gives_the_latest_publications_or_those_after_a_position_within_the_limit() {
        Seen seen = new Seen();
        try (SwitchboardChannels a = client("alice", seen)) {
            a.connect();
            a.subscribe("room:history", seen).join();
            for (int n = 1; n <= 10; n++) {
                a.publish("room:history", Map.of("n", n)).join();
            }

            HistoryPage all = a.history("room:history", 0, null).join();
            assertThat(numbers(all)).isEqualTo(IntStream.rangeClosed(1, 10).boxed().collect(Collectors.toList()));
            assertThat(all.latest()).isEqualTo(all.publications().get(9).position());
            assertThat(all.publications()).allSatisfy(p -> {
                assertThat(p.channel()).isEqualTo("room:history");
                assertThat(p.type()).isEqualTo("message");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.publications.size() == 10);
            assertThat(seen.publications.stream().map(Publication::position).collect(Collectors.toList()))
                    .as("history positions are those the live publications carried")
                    .isEqualTo(all.publications().stream().map(Publication::position).collect(Collectors.toList()));

            HistoryPage latest = a.history("room:history", 3, null).join();
            assertThat(numbers(latest)).containsExactly(8, 9, 10);
            assertThat(latest.latest()).isEqualTo(all.latest());

            StreamPosition afterFour = all.publications().get(3).position();
            HistoryPage page = a.history("room:history", 3, afterFour).join();
            assertThat(numbers(page)).containsExactly(5, 6, 7);
            assertThat(page.publications().get(0).position().offset()).isEqualTo(afterFour.offset() + 1);

            HistoryPage lost = a.history("room:history", 3, StreamPosition.of("an-epoch-gone", afterFour.offset())).join();
            assertThat(lost.publications()).as("a position in a lost history: nothing, and where to reload from").isEmpty();
            assertThat(lost.latest()).isEqualTo(all.latest());
        }
    }

    private static List<Integer> numbers(HistoryPage page) {
        return page.publications().stream().map(p -> p.data().path("n").asInt()).collect(Collectors.toList());
    }

    @Test
    void rpc_returns_the_backends_result_and_a_refusal_fails_with_the_backends_code_while_the_connection_lives_on() {
        Seen seen = new Seen();
        try (SwitchboardChannels a = client("alice", seen)) {
            a.connect();

            JsonNode result = a.rpc("add", Map.of("a", 2, "b", 3)).join();
            assertThat(result).isEqualTo(Json.parse("{\"sum\":5,\"user\":\"alice\"}"));

            assertThatThrownBy(() -> a.rpc("launch", "now").join()).satisfies(e -> {
                RequestFailedException refused = refusal(e);
                assertThat(refused.error().code()).isEqualTo("1001");
                assertThat(refused.error().message()).isEqualTo("not before lunch");
                assertThat(refused.error().temporary()).isFalse();
            });
            assertThatThrownBy(() -> a.rpc("join_room", null).join()).satisfies(e -> {
                assertThat(refusal(e).error().code()).isEqualTo("room_full");
                assertThat(refusal(e).error().temporary()).isTrue();
            });

            JsonNode none = a.rpc("noop", null).join();
            assertThat(none).as("a result without data is JSON null").isNotNull();
            assertThat(none.isNull()).isTrue();
            assertThat(a.state()).isEqualTo(RealtimeState.CONNECTED);
            assertThat(seen.sessions).as("one session throughout").hasSize(1);
        }
    }

    @Test
    void subscribers_see_each_session_join_and_leave_including_their_own_join() {
        Seen alice = new Seen();
        try (SwitchboardChannels a = client("alice", alice)) {
            a.connect();
            a.subscribe("room:joins", alice).join();
            String bobSession;
            try (SwitchboardChannels b = client("bob", new Seen())) {
                b.connect();
                Subscription sub = b.subscribe("room:joins", p -> { }).join();
                bobSession = b.sessionId();
                sub.unsubscribe().join();
                b.subscribe("room:joins", p -> { }).join();
            }

            List<String> expected = List.of("join alice/" + a.sessionId(), "join bob/" + bobSession,
                    "leave bob/" + bobSession, "join bob/" + bobSession, "leave bob/" + bobSession);
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.joinsAndLeaves.size() >= expected.size());
            assertThat(alice.joinsAndLeaves).isEqualTo(expected);
            assertThat(alice.publications).as("join and leave are not publications").isEmpty();
        }
    }

    @Test
    void a_subscription_the_backend_ends_is_reported_and_not_renewed_after_a_reconnect_but_may_be_made_again() {
        Seen alice = new Seen();
        try (TcpProxy proxy = TcpProxy.to(server.port());
             SwitchboardChannels a = client(proxy.url(), "alice", alice); SwitchboardChannels b = client("bob", new Seen())) {
            a.connect();
            b.connect();
            Subscription sub = a.subscribe("room:ended", alice).join();
            b.subscribe("room:ended", p -> { }).join();

            assertThat(api("unsubscribe", Map.of("user", "alice", "channel", "room:ended")).path("sessions").asInt()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(10)).until(() -> !alice.ended.isEmpty());
            assertThat(alice.ended).containsExactly("room:ended unsubscribed_by_server");
            assertThat(sub.isActive()).isFalse();

            proxy.cut();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.state() == RealtimeState.RECONNECTING);
            proxy.restore();
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.sessions.size() == 2 && a.state() == RealtimeState.CONNECTED);
            a.subscribe("room:marker", p -> { }).join();
            assertThat(api("presence", Map.of("channel", "room:ended")).path("clients"))
                    .extracting(c -> c.path("user_id").asText()).as("alice was not subscribed again").containsExactly("bob");

            Subscription again = a.subscribe("room:ended", alice).join();
            assertThat(again.isActive()).isTrue();
            server.http().publish("room:ended", Map.of("n", 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.numbers().equals(List.of(1)));
            assertThat(alice.ended).hasSize(1);
        }
    }
}

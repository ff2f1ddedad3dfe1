package io.switchboard.tests.namespaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code presence}, {@code presence_stats}, {@code history} and {@code join}/{@code leave} on a namespace that turns
 * them on for clients ({@code chat}), and their refusals where it does not ({@code quiet}: kept, but not for clients).
 */
@SwitchboardTest(settings = {
        "namespace.chat.presence=true", "namespace.chat.join-leave=true", "namespace.chat.client-presence=true",
        "namespace.chat.history-size=10", "namespace.chat.history-ttl=5m", "namespace.chat.client-history=true",
        "namespace.quiet.presence=true", "namespace.quiet.history-size=10"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PresenceAndHistoryCommandsTest {
    private final TestServer server;

    PresenceAndHistoryCommandsTest(TestServer server) {
        this.server = server;
    }

    private static List<String> sessions(Reply presence) {
        List<String> out = new ArrayList<>();
        presence.assertAck().data().path("clients").forEach(c -> out.add(c.path("user_id").asText() + "/" + c.path("session_id").asText()));
        return out;
    }

    @Test
    void presence_lists_every_session_subscribed_and_the_stats_count_sessions_and_users() {
        try (TestClient alice = server.client("alice"); TestClient alicePhone = server.client("alice");
             TestClient bob = server.client("bob")) {
            alice.subscribe("chat:p");
            alicePhone.subscribe("chat:p");
            bob.subscribe("chat:p");

            List<String> present = sessions(alice.request("presence", Map.of("channel", "chat:p")));
            Reply stats = bob.request("presence_stats", Map.of("channel", "chat:p")).assertAck();

            assertThat(present).containsExactlyInAnyOrder("alice/" + alice.sessionId(), "alice/" + alicePhone.sessionId(),
                    "bob/" + bob.sessionId());
            assertThat(stats.data().path("num_clients").asInt()).isEqualTo(3);
            assertThat(stats.data().path("num_users").asInt()).isEqualTo(2);

            bob.unsubscribe("chat:p");
            alicePhone.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> sessions(alice.request("presence", Map.of("channel", "chat:p")))
                    .equals(List.of("alice/" + alice.sessionId())));
        }
    }

    @Test
    void subscribers_see_others_join_and_leave_by_unsubscribing_or_closing() {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            alice.subscribe("chat:j");
            alice.awaitPush("join");

            bob.subscribe("chat:j");
            JsonNode join = alice.awaitPush("join");
            bob.unsubscribe("chat:j");
            JsonNode leave = alice.awaitPush("leave");
            bob.subscribe("chat:j");
            alice.awaitPush("join");
            bob.close();
            JsonNode closed = alice.awaitPush("leave");

            assertThat(join.path("channel").asText()).isEqualTo("chat:j");
            assertThat(join.at("/data/user_id").asText()).isEqualTo("bob");
            assertThat(join.at("/data/session_id").asText()).isEqualTo(bob.sessionId());
            assertThat(leave.at("/data/session_id").asText()).isEqualTo(bob.sessionId());
            assertThat(closed.at("/data/user_id").asText()).isEqualTo("bob");
        }
    }

    @Test
    void history_gives_the_latest_publications_or_those_after_a_position_without_joins_or_leaves() {
        try (TestClient alice = server.client("alice")) {
            alice.subscribe("chat:h");
            for (int i = 1; i <= 4; i++) {
                server.http().publish("chat:h", Map.of("n", i));
            }

            Reply latest = alice.request("history", Map.of("channel", "chat:h", "limit", 2)).assertAck();
            String epoch = latest.data().path("epoch").asText();
            Reply after = alice.request("history", Map.of("channel", "chat:h", "since", Map.of("epoch", epoch, "offset", 1)))
                    .assertAck();
            Reply gone = alice.request("history", Map.of("channel", "chat:h", "since", Map.of("epoch", "gone", "offset", 1)))
                    .assertAck();

            assertThat(latest.data().path("offset").asLong()).isEqualTo(4);
            assertThat(offsets(latest)).containsExactly(3L, 4L);
            assertThat(latest.data().at("/publications/1/data/n").asInt()).isEqualTo(4);
            assertThat(offsets(after)).containsExactly(2L, 3L, 4L);
            assertThat(offsets(gone)).isEmpty();
            assertThat(gone.data().path("epoch").asText()).isEqualTo(epoch);
        }
    }

    @Test
    void history_keeps_at_most_the_namespace_size_and_a_limit_of_zero_gives_only_the_position() {
        try (TestClient alice = server.client("alice")) {
            alice.subscribe("chat:big");
            for (int i = 1; i <= 12; i++) {
                server.http().publish("chat:big", i);
            }

            Reply all = alice.request("history", Map.of("channel", "chat:big", "limit", 1000)).assertAck();
            Reply none = alice.request("history", Map.of("channel", "chat:big", "limit", 0)).assertAck();

            assertThat(offsets(all)).hasSize(10).startsWith(3L).endsWith(12L);
            assertThat(offsets(none)).isEmpty();
            assertThat(none.data().path("offset").asLong()).isEqualTo(12);
        }
    }

    @Test
    void clients_may_not_read_presence_or_history_where_the_namespace_keeps_them_only_for_the_backend() {
        try (TestClient alice = server.client("alice")) {
            alice.subscribe("quiet:1");

            Reply presence = alice.request("presence", Map.of("channel", "quiet:1"));
            Reply stats = alice.request("presence_stats", Map.of("channel", "quiet:1"));
            Reply history = alice.request("history", Map.of("channel", "quiet:1"));

            assertThat(presence.errorCode()).isEqualTo("forbidden");
            assertThat(presence.errorMessage()).contains("client-presence=false");
            assertThat(stats.errorCode()).isEqualTo("forbidden");
            assertThat(history.errorCode()).isEqualTo("forbidden");
            assertThat(history.errorMessage()).contains("client-history=false");
            assertThat(history.errorField()).isEqualTo("data.channel");
        }
    }

    @Test
    void only_a_subscriber_reads_and_a_channel_in_no_namespace_or_a_bad_limit_is_refused() {
        try (TestClient alice = server.client("alice")) {
            Reply notSubscribed = alice.request("presence", Map.of("channel", "chat:elsewhere"));
            Reply historyNotSubscribed = alice.request("history", Map.of("channel", "chat:elsewhere"));
            Reply nowhere = alice.request("presence", Map.of("channel", "nowhere:1"));
            Reply badLimit = alice.request("history", Map.of("channel", "chat:elsewhere", "limit", -1));
            Reply unknownField = alice.request("presence", Map.of("channel", "chat:elsewhere", "all", true));

            assertThat(notSubscribed.errorCode()).isEqualTo("forbidden");
            assertThat(notSubscribed.errorMessage()).contains("subscribe to chat:elsewhere first");
            assertThat(historyNotSubscribed.errorCode()).isEqualTo("forbidden");
            assertThat(nowhere.errorCode()).isEqualTo("forbidden");
            assertThat(nowhere.errorMessage()).contains("no namespace 'nowhere'");
            assertThat(badLimit.errorCode()).isEqualTo("invalid_field");
            assertThat(badLimit.errorField()).isEqualTo("data.limit");
            assertThat(unknownField.errorCode()).isEqualTo("unknown_field");
        }
    }

    private static List<Long> offsets(Reply history) {
        List<Long> out = new ArrayList<>();
        history.data().path("publications").forEach(p -> out.add(p.path("offset").asLong()));
        return out;
    }
}

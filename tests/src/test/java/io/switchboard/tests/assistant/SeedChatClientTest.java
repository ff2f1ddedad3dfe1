package io.switchboard.tests.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.assistant.AssistantApp;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.SeedSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 004's browser client, as the seed writes it, against the assistant (issue 13): it opens
 * {@code /ws/user/<uuid>?token=…} and nothing more, never acks, and its ChatWindow handler appends
 * {@code data.message} of every {@code message_generate} whose {@code data.response_message.conversation_uuid} is
 * the open conversation, reading both at the top level of the parsed frame. Each reply must show exactly once: on a
 * socket that lives through many redelivery periods (300 ms here) and across reconnects.
 */
@SwitchboardTest(apps = AssistantApp.class, settings = "inbox-redeliver-after=300ms")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SeedChatClientTest {

    @Test
    void each_reply_shows_once_on_a_long_lived_socket_and_across_reconnects(TestServer server) {
        String user = UUID.randomUUID().toString();
        AssistantHttp http = new AssistantHttp(server, user);
        String conv = http.conversation("Seed");
        List<JsonNode> shown = new CopyOnWriteArrayList<>();
        List<JsonNode> regenerated = new CopyOnWriteArrayList<>();

        String first;
        try (SeedSocket socket = chatWindow(server, user, conv, shown, regenerated)) {
            JsonNode q1 = http.ask(conv, "What is a lighthouse?");
            await().atMost(Duration.ofSeconds(20)).until(() -> shown.size() == 1);
            first = q1.path("reply_uuid").asText();
            assertThat(shown.get(0).path("uuid").asText()).isEqualTo(first);
            assertThat(shown.get(0).path("sender_uuid").asText()).isEqualTo(AssistantApp.ASSISTANT_UUID);
            JsonNode frame = socket.frames("message_generate").get(0);
            assertThat(frame.path("response_message").path("uuid").asText()).isEqualTo(q1.path("uuid").asText());
            // Our own clients still find the payload under data.
            assertThat(frame.path("data").path("message")).isEqualTo(frame.path("message"));

            http.ask(conv, "And a lightship?");
            await().atMost(Duration.ofSeconds(20)).until(() -> shown.size() == 2);

            // Many redelivery periods pass with both events unacked; then a later event is the fence.
            awaitSweeps(server, 12);
            assertThat(http.post("/api/messages/" + first + "/regenerate/", Json.object()).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> regenerated.size() == 1);
            assertThat(regenerated.get(0).path("uuid").asText()).isEqualTo(first);
            assertThat(regenerated.get(0).path("version").asInt()).isEqualTo(2);

            assertThat(shown).hasSize(2);
            assertThat(socket.frames("message_generate")).hasSize(2);
            socket.abort();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.switchboard().inbox().sockets(user) == 0);

        // A reply written while the tab is closed is shown after the reconnect, and nothing shown before is.
        JsonNode q3 = http.ask(conv, "Who keeps it?");
        await().atMost(Duration.ofSeconds(20)).until(() -> storedEvents(server, user) == 4);
        List<JsonNode> shownAgain = new CopyOnWriteArrayList<>();
        try (SeedSocket socket = chatWindow(server, user, conv, shownAgain, regenerated)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> shownAgain.size() == 1);
            assertThat(shownAgain.get(0).path("uuid").asText()).isEqualTo(q3.path("reply_uuid").asText());

            JsonNode q4 = http.ask(conv, "Thanks");
            await().atMost(Duration.ofSeconds(20)).until(() -> shownAgain.size() == 2);
            assertThat(shownAgain.get(1).path("uuid").asText()).isEqualTo(q4.path("reply_uuid").asText());
            assertThat(regenerated).hasSize(1);
            socket.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.switchboard().inbox().sockets(user) == 0);

        // Everything was sent: a third socket replays nothing.
        List<JsonNode> shownThird = new CopyOnWriteArrayList<>();
        try (SeedSocket socket = chatWindow(server, user, conv, shownThird, regenerated)) {
            JsonNode q5 = http.ask(conv, "Bye");
            await().atMost(Duration.ofSeconds(20)).until(() -> shownThird.size() == 1);
            assertThat(shownThird.get(0).path("uuid").asText()).isEqualTo(q5.path("reply_uuid").asText());
            assertThat(regenerated).hasSize(1);
        }
    }

    /** The seed's socket with its ChatWindow handlers: append what belongs to the open conversation. */
    private static SeedSocket chatWindow(TestServer server, String user, String conversation, List<JsonNode> shown,
                                         List<JsonNode> regenerated) {
        // Registered before the socket opens, as the seed's registry is: a reconnect replays at once.
        Map<String, Consumer<JsonNode>> handlers = Map.of(
                "message_generate", data -> {
                    if (data.has("message") && conversation.equals(data.path("response_message").path("conversation_uuid").asText())) {
                        shown.add(data.get("message"));
                    }
                },
                "message_regenerate", data -> {
                    if (data.has("message") && conversation.equals(data.path("response_message").path("conversation_uuid").asText())) {
                        regenerated.add(data.get("message"));
                    }
                });
        SeedSocket socket = SeedSocket.open(server.port(), TestServer.userPath(user) + "?token=" + server.token(user),
                handlers);
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.frames("connection_established").size() == 1);
        return socket;
    }

    private static void awaitSweeps(TestServer server, int passes) {
        double from = server.metric("switchboard_inbox_sweeps_total");
        await().atMost(Duration.ofSeconds(20)).until(() -> server.metric("switchboard_inbox_sweeps_total") >= from + passes);
    }

    private static long storedEvents(TestServer server, String user) throws Exception {
        try (Connection c = server.switchboard().database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM user_events WHERE user_id = ? AND seq IS NOT NULL")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

package io.switchboard.tests.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An event scheduled for later waits until it is due, then goes out with the next sequence number, so that
 * sequence order stays delivery order.
 */
@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InboxScheduledEventsTest {

    @Test
    void a_scheduled_event_waits_until_it_is_due_and_then_takes_the_next_number(TestServer server) throws Exception {
        try (TestClient client = server.userClient("ada")) {
            server.switchboard().inbox().schedule("ada", "reminder", Json.object().put("text", "later"),
                    Instant.now().plusMillis(1500)).await(10, TimeUnit.SECONDS);
            Inboxes.emit(server, "ada", "note", Json.object().put("text", "now"));

            JsonNode now = client.awaitEvent();
            assertThat(now.path("seq").asLong()).isEqualTo(1);
            assertThat(now.path("type").asText()).isEqualTo("note");
            client.assertNoPush(Duration.ofMillis(900));

            JsonNode later = client.timeout(Duration.ofSeconds(5)).awaitEvent();
            assertThat(later.path("seq").asLong()).isEqualTo(2);
            assertThat(later.path("type").asText()).isEqualTo("reminder");
            assertThat(later.at("/data/text").asText()).isEqualTo("later");
        }
    }

    @Test
    void a_scheduled_event_that_fell_due_while_the_user_was_away_is_replayed(TestServer server) throws Exception {
        server.switchboard().inbox().schedule("grace", "reminder", Json.object(), Instant.now().plusMillis(300))
                .await(10, TimeUnit.SECONDS);
        Inboxes.sleep(1800);
        try (TestClient client = server.userClient("grace")) {
            assertThat(client.awaitEvent().path("seq").asLong()).isEqualTo(1);
        }
    }

    @Test
    void the_http_api_schedules_with_an_iso_time(TestServer server) {
        String at = Instant.now().plusMillis(1200).toString();
        try (TestClient client = server.userClient("alan")) {
            var reply = server.http().postJson("/api/inbox/events", Json.object().put("user_id", "alan").put("type", "reminder")
                    .put("scheduled_at", at).set("data", Json.object()), java.util.Map.of("X-Api-Key", server.apiKey()));
            assertThat(reply.status()).isEqualTo(202);
            assertThat(reply.json().path("scheduled_at").asText()).isNotEmpty();
            client.assertNoPush(Duration.ofMillis(700));
            assertThat(client.timeout(Duration.ofSeconds(5)).awaitEvent().path("type").asText()).isEqualTo("reminder");
        }
    }
}

package io.switchboard.tests.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.SeedSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeds 000/001 (issue 13): the phone's messages carry no {@code id}, and the seed promises an acknowledgment for
 * every data message. Each is acked on {@code /ws/ingest/<hash>/} with {@code {"type":"ack","for":{…}}} naming it by
 * its type and its timestamp or date; a retry of the same message is acked again and stored once. The phone is the
 * JDK's WebSocket, sending the seed's frames as the seed shows them.
 */
@SwitchboardTest(apps = IngestApp.class)
@Timeout(60)
class IdlessMessageAckTest {
    private final TestServer server;

    IdlessMessageAckTest(TestServer server) {
        this.server = server;
    }

    @Test
    void every_message_without_an_id_is_acked_by_its_type_and_time_and_a_retry_is_stored_once() {
        Devices.Enrolled child = Devices.enrol(server, "seed-parent", "Robin");
        String fix1 = Devices.minutesAgo(30);
        String fix2 = Devices.minutesAgo(20);
        String visit = Devices.minutesAgo(10);
        String today = Devices.today();
        ObjectNode sites = Devices.siteAccess(visit, "https://example.com", true);
        sites.withArray("logs").addObject().put("timestamp", Devices.minutesAgo(5)).put("url", "https://example.org").put("accessed", false);

        try (SeedSocket phone = SeedSocket.open(server.port(), "/ws/ingest/" + child.hash() + "/")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> phone.frames("connection_established").size() == 1);
            phone.send(message("location", Devices.location(fix1, 40.7128, -74.006)));
            phone.send(message("screen_time", Devices.screenTime(today, 3600, "com.example.app", 0, 1800)));
            phone.send(message("site_access", sites));
            phone.send(message("location", Devices.location(fix2, 40.7130, -74.007)));

            await().atMost(Duration.ofSeconds(10)).until(() -> phone.frames("ack").size() == 4);
            assertThat(acked(phone)).containsExactlyInAnyOrder(
                    Json.object().put("type", "location").put("timestamp", fix1),
                    Json.object().put("type", "screen_time").put("date", today),
                    Json.object().put("type", "site_access").put("timestamp", visit).put("logs", 2),
                    Json.object().put("type", "location").put("timestamp", fix2));
            assertThat(phone.frames("ack")).allSatisfy(ack -> assertThat(ack.has("id")).isFalse());

            // The phone did not see the acks of two messages (say) and sends them again from its buffer.
            phone.send(message("location", Devices.location(fix1, 40.7128, -74.006)));
            phone.send(message("site_access", sites));
            await().atMost(Duration.ofSeconds(10)).until(() -> phone.frames("ack").size() == 6);
            assertThat(acked(phone).subList(4, 6)).containsExactlyInAnyOrder(
                    Json.object().put("type", "location").put("timestamp", fix1),
                    Json.object().put("type", "site_access").put("timestamp", visit).put("logs", 2));
            assertThat(phone.frames("error")).isEmpty();
        }

        assertThat(Devices.results(server, child, "locations")).hasSize(2);
        assertThat(Devices.results(server, child, "site-access")).hasSize(2);
        assertThat(Devices.results(server, child, "screen-time")).hasSize(1);
    }

    @Test
    void a_message_with_an_id_is_still_acked_by_its_id_alone() {
        Devices.Enrolled child = Devices.enrol(server, "seed-parent", "Kim");
        try (SeedSocket phone = SeedSocket.open(server.port(), "/ws/ingest/" + child.hash() + "/")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> phone.frames("connection_established").size() == 1);
            ObjectNode located = message("location", Devices.location(Devices.minutesAgo(3), 1.0, 2.0));
            located.put("id", "m-1");
            phone.send(located);
            await().atMost(Duration.ofSeconds(10)).until(() -> phone.frames("ack").size() == 1);
            assertThat(phone.frames("ack").get(0)).isEqualTo(Json.object().put("type", "ack").put("id", "m-1"));
        }
    }

    private static ObjectNode message(String type, JsonNode data) {
        ObjectNode m = Json.object().put("type", type);
        m.set("data", data);
        return m;
    }

    private static List<JsonNode> acked(SeedSocket phone) {
        return phone.frames("ack").stream().map(a -> a.get("for")).toList();
    }
}

package io.switchboard.tests.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.RawWebSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The device sockets are served on the node's own Netty handler; the rare upgrade Vert.x reads instead (here a
 * WebSocket version 8 client) gets the same endpoint: the same close codes, the same session, acks after the commit.
 */
@SwitchboardTest(apps = IngestApp.class)
@Timeout(60)
class DeviceUpgradeReadByVertxTest {
    private static final int DRAFT_VERSION = 8;
    private final TestServer server;

    DeviceUpgradeReadByVertxTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_version_8_phone_on_its_hash_is_established_and_its_location_acked_once_stored() throws IOException {
        Devices.Enrolled child = Devices.enrol(server, "draft-parent", "Sam");
        try (RawWebSocket phone = open("/ws/ingest/" + child.hash() + "/")) {
            assertThat(next(phone).at("/data/user_id").asText()).isEqualTo("child:" + child.id());

            send(phone, Map.of("type", "location", "id", "l1", "data", Devices.location(Devices.minutesAgo(1), 3, 4)));

            JsonNode ack = next(phone);
            assertThat(ack.path("type").asText()).isEqualTo("ack");
            assertThat(ack.path("id").asText()).isEqualTo("l1");
            assertThat(Devices.results(server, child, "locations")).hasSize(1);
        }
    }

    @Test
    void a_version_8_phone_on_an_unknown_hash_is_closed_with_4004() throws IOException {
        try (RawWebSocket phone = open("/ws/ingest/" + "F".repeat(43) + "/")) {
            assertThat(phone.readUntilClose().closeCode()).isEqualTo(4004);
        }
    }

    @Test
    void a_version_8_phone_that_sends_its_auth_is_established_and_acked() throws IOException {
        Devices.Enrolled child = Devices.enrol(server, "draft-parent", "Kim");
        try (RawWebSocket phone = open("/ws/ingest-auth/")) {
            send(phone, Map.of("type", "auth", "id", "a1", "data", Map.of("child_hash", child.hash())));
            send(phone, Map.of("type", "location", "id", "l1", "data", Devices.location(Devices.minutesAgo(2), 5, 6)));

            assertThat(next(phone).at("/data/user_id").asText()).isEqualTo("child:" + child.id());
            assertThat(next(phone).path("id").asText()).isEqualTo("a1");
            assertThat(next(phone).path("id").asText()).isEqualTo("l1");
        }
    }

    @Test
    void a_version_8_phone_whose_first_message_is_not_auth_is_closed_with_4001() throws IOException {
        try (RawWebSocket phone = open("/ws/ingest-auth/")) {
            send(phone, Map.of("type", "location", "data", Devices.location(Devices.minutesAgo(1), 1, 1)));

            assertThat(phone.readUntilClose().closeCode()).isEqualTo(4001);
        }
    }

    private RawWebSocket open(String path) throws IOException {
        return RawWebSocket.openVersion(server.port(), path, Duration.ofSeconds(10), "", DRAFT_VERSION);
    }

    private static void send(RawWebSocket socket, Object message) throws IOException {
        socket.write(RawWebSocket.frame(true, 0, RawWebSocket.OP_TEXT, Json.write(message).getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode next(RawWebSocket socket) throws IOException {
        return Json.parse(socket.nextFrame().text());
    }
}

package io.switchboard.tests.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /ws/ingest-auth/}: the first message must be {@code auth} with a known hash, in time (here 700 ms). */
@SwitchboardTest(apps = IngestApp.class, settings = "ingest-auth-timeout=700ms")
@Timeout(60)
class AuthFlowDeviceSocketTest {
    private final TestServer server;

    AuthFlowDeviceSocketTest(TestServer server) {
        this.server = server;
    }

    private TestClient open() {
        return server.connect(ConnectOptions.withoutToken().path("/ws/ingest-auth/"));
    }

    @Test
    void an_auth_message_with_a_known_hash_opens_a_device_session_and_is_acked() {
        Devices.Enrolled child = Devices.enrol(server, "auth-parent", "Sam");
        TestClient phone = open();

        phone.send(Json.write(Map.of("type", "auth", "id", "a1", "data", Map.of("child_hash", child.hash()))));

        assertThat(phone.userId()).isEqualTo("child:" + child.id());
        assertThat(phone.awaitReply("a1").isAck()).isTrue();
        phone.request("location", Devices.location(Devices.minutesAgo(1), 10, 20)).assertAck();
        assertThat(Devices.results(server, child, "locations")).hasSize(1);
    }

    @Test
    void messages_sent_right_behind_the_auth_wait_for_it_and_are_stored() {
        Devices.Enrolled child = Devices.enrol(server, "auth-parent", "Sam");
        TestClient phone = open();

        phone.send(Json.write(Map.of("type", "auth", "data", Map.of("child_hash", child.hash()))));
        for (int i = 0; i < 5; i++) {
            phone.send(Json.write(Map.of("type", "location", "id", "m" + i,
                    "data", Devices.location(Devices.minutesAgo(10 - i), 10, 20))));
        }

        for (int i = 0; i < 5; i++) {
            assertThat(phone.awaitReply("m" + i).isAck()).isTrue();
        }
        assertThat(Devices.results(server, child, "locations")).hasSize(5);
    }

    @Test
    void a_socket_that_says_nothing_is_closed_with_4001_when_the_time_is_up() {
        TestClient phone = open();

        assertThat(phone.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(4001);
    }

    @Test
    void a_first_message_that_is_not_auth_is_closed_with_4001() {
        Devices.Enrolled child = Devices.enrol(server, "auth-parent", "Sam");
        TestClient phone = open();

        phone.send(Json.write(Map.of("type", "location", "data", Devices.location(Devices.minutesAgo(1), 1, 1))));

        assertThat(phone.awaitClose().code()).isEqualTo(4001);
        assertThat(Devices.results(server, child, "locations")).isEmpty();
    }

    @Test
    void an_auth_message_without_a_hash_or_not_json_is_closed_with_4001() {
        TestClient noHash = open();
        TestClient notJson = open();
        TestClient binary = open();

        noHash.send(Json.write(Map.of("type", "auth", "data", Map.of())));
        notJson.send("auth please");
        binary.sendBinary(new byte[] {1, 2, 3});

        assertThat(noHash.awaitClose().code()).isEqualTo(4001);
        assertThat(notJson.awaitClose().code()).isEqualTo(4001);
        assertThat(binary.awaitClose().code()).isEqualTo(4001);
    }

    @Test
    void an_unknown_hash_is_closed_with_4004() {
        TestClient phone = open();

        phone.send(Json.write(Map.of("type", "auth", "data", Map.of("child_hash", "B".repeat(43)))));

        assertThat(phone.awaitClose().code()).isEqualTo(4004);
    }

    @Test
    void a_session_that_authenticated_is_not_closed_by_the_auth_timer() {
        Devices.Enrolled child = Devices.enrol(server, "auth-parent", "Sam");
        TestClient phone = open();
        phone.send(Json.write(Map.of("type", "auth", "data", Map.of("child_hash", child.hash()))));
        JsonNode established = phone.awaitEstablished();

        // A silent socket opened after the phone's: once its timer has closed it, the phone's has run out too.
        TestClient witness = open();
        assertThat(witness.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(4001);

        assertThat(established.path("data").path("user_id").asText()).isEqualTo("child:" + child.id());
        phone.ping();
    }
}

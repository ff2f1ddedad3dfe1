package io.switchboard.tests.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /ws/ingest/<child_hash>/}: the hash is the credential, checked before the socket is accepted. */
@SwitchboardTest(apps = IngestApp.class)
@Timeout(60)
class DirectDeviceSocketTest {
    private final TestServer server;

    DirectDeviceSocketTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_known_hash_opens_a_device_session_named_after_the_child() {
        Devices.Enrolled child = Devices.enrol(server, "direct-parent", "Sam");

        TestClient phone = server.connect(ConnectOptions.withoutToken().path("/ws/ingest/" + child.hash() + "/"));

        assertThat(phone.userId()).isEqualTo("child:" + child.id());
        phone.ping();
    }

    @Test
    void the_trailing_slash_is_optional() {
        Devices.Enrolled child = Devices.enrol(server, "direct-parent", "Sam");

        TestClient phone = server.connect(ConnectOptions.withoutToken().path("/ws/ingest/" + child.hash()));

        assertThat(phone.userId()).isEqualTo("child:" + child.id());
    }

    @Test
    void an_unknown_hash_is_closed_with_4004() {
        String unknown = "A".repeat(43);

        TestClient phone = server.connect(ConnectOptions.withoutToken().path("/ws/ingest/" + unknown + "/"));

        assertThat(phone.awaitClose().code()).isEqualTo(4004);
    }

    @Test
    void a_malformed_hash_is_closed_with_4004_as_well() {
        TestClient phone = server.connect(ConnectOptions.withoutToken().path("/ws/ingest/not-a-hash/"));

        assertThat(phone.awaitClose().code()).isEqualTo(4004);
    }

    @Test
    void a_device_socket_speaks_only_telemetry() {
        Devices.Enrolled child = Devices.enrol(server, "direct-parent", "Sam");
        TestClient phone = Devices.phone(server, child);

        Reply subscribe = phone.request("subscribe", java.util.Map.of("channel", child.channel()));
        Reply auth = phone.request("auth", java.util.Map.of("child_hash", child.hash()));

        assertThat(subscribe.errorCode()).isEqualTo("unknown_type");
        assertThat(auth.errorCode()).isEqualTo("unknown_type");
        phone.request("location", Devices.location(Devices.minutesAgo(1), 1, 1)).assertAck();
    }

    @Test
    void a_parent_token_does_not_open_a_device_socket() {
        TestClient parent = server.connect(ConnectOptions.tokenInQuery(server.token("direct-parent")).path("/ws/ingest/x/"));

        assertThat(parent.awaitClose().code()).isEqualTo(4004);
    }
}

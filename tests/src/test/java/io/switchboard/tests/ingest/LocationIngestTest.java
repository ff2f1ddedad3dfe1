package io.switchboard.tests.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@SwitchboardTest(apps = IngestApp.class)
@Timeout(60)
class LocationIngestTest {
    private final TestServer server;

    LocationIngestTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_location_is_acked_once_stored_and_reads_back() {
        Devices.Enrolled child = Devices.enrol(server, "loc-parent-1", "Sam");
        TestClient phone = Devices.phone(server, child);
        String at = Devices.minutesAgo(5);

        phone.request("location", Devices.location(at, 40.7128, -74.0060)).assertAck();

        JsonNode fixes = Devices.results(server, child, "locations");
        assertThat(fixes).hasSize(1);
        assertThat(fixes.get(0).get("timestamp").asText()).isEqualTo(at);
        assertThat(fixes.get(0).get("latitude").asDouble()).isEqualTo(40.7128);
        assertThat(fixes.get(0).get("longitude").asDouble()).isEqualTo(-74.0060);
    }

    @Test
    void a_location_resent_after_a_lost_ack_is_stored_once() {
        Devices.Enrolled child = Devices.enrol(server, "loc-parent-2", "Sam");
        TestClient phone = Devices.phone(server, child);
        String at = Devices.minutesAgo(3);

        phone.request("location", Devices.location(at, 51.5, -0.12)).assertAck();
        phone.request("location", Devices.location(at, 51.5, -0.12)).assertAck();
        phone.close();
        Devices.phone(server, child).request("location", Devices.location(at, 51.5, -0.12)).assertAck();

        assertThat(Devices.results(server, child, "locations")).hasSize(1);
    }

    @Test
    void the_same_time_at_another_place_is_another_fix() {
        Devices.Enrolled child = Devices.enrol(server, "loc-parent-3", "Sam");
        TestClient phone = Devices.phone(server, child);
        String at = Devices.minutesAgo(2);

        phone.request("location", Devices.location(at, 48.85, 2.35)).assertAck();
        phone.request("location", Devices.location(at, 48.86, 2.35)).assertAck();

        assertThat(Devices.results(server, child, "locations")).hasSize(2);
    }

    @Test
    void a_time_with_an_offset_is_stored_as_the_same_instant_in_utc() {
        Devices.Enrolled child = Devices.enrol(server, "loc-parent-4", "Sam");
        java.time.Instant at = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(600);
        String withOffset = at.atOffset(java.time.ZoneOffset.ofHours(2)).toString();

        Devices.phone(server, child).request("location", Devices.location(withOffset, 1, 2)).assertAck();

        assertThat(Devices.results(server, child, "locations").get(0).get("timestamp").asText()).isEqualTo(at.toString());
    }
}

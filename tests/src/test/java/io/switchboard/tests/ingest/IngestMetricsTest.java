package io.switchboard.tests.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The app's meters on {@code /metrics}: stored by type and transport, refusals by code, ack latency, fallback share. */
@SwitchboardTest(apps = IngestApp.class)
@Timeout(60)
class IngestMetricsTest {
    private final TestServer server;

    IngestMetricsTest(TestServer server) {
        this.server = server;
    }

    @Test
    void stored_and_refused_messages_are_counted_by_type_transport_and_code() {
        Devices.Enrolled child = Devices.enrol(server, "metrics-parent", "Sam");
        TestClient phone = Devices.phone(server, child);
        String at = Devices.minutesAgo(1);

        phone.request("location", Devices.location(at, 1, 1)).assertAck();
        phone.request("location", Devices.location(at, 1, 1)).assertAck();
        phone.request("site_access", Devices.siteAccess(at, "https://x.example", true)).assertAck();
        phone.request("location", Devices.location(at, 91, 1));
        Devices.post(server, child, Devices.envelope("location", "h", Devices.location(Devices.minutesAgo(2), 1, 1)));
        Devices.post(server, child, Devices.envelope("location", "h", Devices.location(Devices.minutesAgo(2), 1, 500)));

        assertThat(server.metric("switchboard_ingest_stored_total{transport=\"ws\",type=\"location\"}")).isEqualTo(2);
        assertThat(server.metric("switchboard_ingest_stored_total{transport=\"ws\",type=\"site_access\"}")).isEqualTo(1);
        assertThat(server.metric("switchboard_ingest_stored_total{transport=\"http\",type=\"location\"}")).isEqualTo(1);
        assertThat(server.metric("switchboard_ingest_duplicates_total{transport=\"ws\",type=\"location\"}")).isEqualTo(1);
        assertThat(server.metric("switchboard_ingest_rejected_total{code=\"invalid_field\",transport=\"ws\"}")).isEqualTo(1);
        assertThat(server.metric("switchboard_ingest_rejected_total{code=\"invalid_field\",transport=\"http\"}")).isEqualTo(1);
        assertThat(server.metric("switchboard_ingest_ack_latency_seconds_count{transport=\"ws\"}")).isEqualTo(3);
        assertThat(server.metric("switchboard_ingest_fallback_share")).isEqualTo(0.25);
        assertThat(server.metric("switchboard_batch_size_count{writer=\"ingest\"}")).isGreaterThanOrEqualTo(1);
    }
}

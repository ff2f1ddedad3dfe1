package io.switchboard.tests.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@SwitchboardTest(apps = IngestApp.class)
@Timeout(60)
class ScreenTimeIngestTest {
    private final TestServer server;

    ScreenTimeIngestTest(TestServer server) {
        this.server = server;
    }

    @Test
    void screen_time_is_acked_once_stored_and_reads_back_in_the_seeds_shape() {
        Devices.Enrolled child = Devices.enrol(server, "st-parent-1", "Sam");
        TestClient phone = Devices.phone(server, child);
        ObjectNode data = Json.object().put("date", Devices.today()).put("total_screen_time", 3600);
        data.putObject("app_wise_data").set("com.example.app", Json.object().put("0", 1800).put("13", 600));
        data.with("app_wise_data").set("org.mozilla.firefox", Json.object().put("9", 1200));

        phone.request("screen_time", data).assertAck();

        JsonNode days = Devices.results(server, child, "screen-time");
        assertThat(days).hasSize(1);
        assertThat(days.get(0).get("date").asText()).isEqualTo(Devices.today());
        assertThat(days.get(0).get("total_screen_time").asInt()).isEqualTo(3600);
        assertThat(days.get(0).get("app_wise_data")).isEqualTo(data.get("app_wise_data"));
    }

    @Test
    void a_later_report_for_the_same_day_replaces_the_total_and_upserts_the_entries() {
        Devices.Enrolled child = Devices.enrol(server, "st-parent-2", "Sam");
        TestClient phone = Devices.phone(server, child);
        phone.request("screen_time", Devices.screenTime(Devices.today(), 1000, "com.example.app", 8, 600)).assertAck();
        ObjectNode later = Devices.screenTime(Devices.today(), 2500, "com.example.app", 8, 900);
        later.with("app_wise_data").with("com.example.app").put("9", 300);

        phone.request("screen_time", later).assertAck();
        phone.request("screen_time", later).assertAck();

        JsonNode days = Devices.results(server, child, "screen-time");
        assertThat(days).hasSize(1);
        assertThat(days.get(0).get("total_screen_time").asInt()).isEqualTo(2500);
        assertThat(days.get(0).at("/app_wise_data/com.example.app")).isEqualTo(Json.object().put("8", 900).put("9", 300));
    }

    @Test
    void two_children_reporting_the_same_new_app_share_one_catalogue_entry() {
        Devices.Enrolled a = Devices.enrol(server, "st-parent-3", "Ann");
        Devices.Enrolled b = Devices.enrol(server, "st-parent-3", "Ben");

        Devices.phone(server, a).request("screen_time", Devices.screenTime(Devices.today(), 60, "com.shared.game", 1, 60)).assertAck();
        Devices.phone(server, b).request("screen_time", Devices.screenTime(Devices.today(), 120, "com.shared.game", 2, 120)).assertAck();

        assertThat(Devices.results(server, a, "screen-time").get(0).at("/app_wise_data/com.shared.game/1").asInt()).isEqualTo(60);
        assertThat(Devices.results(server, b, "screen-time").get(0).at("/app_wise_data/com.shared.game/2").asInt()).isEqualTo(120);
    }

    @Test
    void a_late_resend_of_an_older_report_is_acked_and_changes_nothing() {
        Devices.Enrolled child = Devices.enrol(server, "st-parent-4", "Sam");
        TestClient phone = Devices.phone(server, child);
        ObjectNode a = Devices.screenTime(Devices.today(), 1200, "com.example.app", 8, 600);
        ObjectNode b = Devices.screenTime(Devices.today(), 3600, "com.example.app", 8, 1800);

        phone.request("screen_time", a).assertAck();
        phone.request("screen_time", b).assertAck();
        // A's ack was lost, so the phone sends A again, as it must; over the HTTP fallback too.
        phone.request("screen_time", a).assertAck();
        assertThat(Devices.post(server, child, Devices.envelope("screen_time", "again", a)).status()).isEqualTo(200);

        JsonNode day = Devices.results(server, child, "screen-time").get(0);
        assertThat(day.get("total_screen_time").asInt()).isEqualTo(3600);
        assertThat(day.at("/app_wise_data/com.example.app/8").asInt()).isEqualTo(1800);
    }

    @Test
    void with_the_devices_clock_the_newer_report_wins_whatever_its_total() {
        Devices.Enrolled child = Devices.enrol(server, "st-parent-5", "Sam");
        TestClient phone = Devices.phone(server, child);
        String earlier = Devices.minutesAgo(10);
        String later = Devices.minutesAgo(5);
        ObjectNode first = Devices.screenTime(Devices.today(), 1200, "com.example.app", 8, 600).put("reported_at", earlier);
        // The device corrected itself downwards: by its clock this report is the newer one.
        ObjectNode corrected = Devices.screenTime(Devices.today(), 900, "com.example.app", 8, 300).put("reported_at", later);

        phone.request("screen_time", first).assertAck();
        phone.request("screen_time", corrected).assertAck();
        phone.request("screen_time", first).assertAck();

        JsonNode day = Devices.results(server, child, "screen-time").get(0);
        assertThat(day.get("total_screen_time").asInt()).isEqualTo(900);
        assertThat(day.at("/app_wise_data/com.example.app/8").asInt()).isEqualTo(300);
    }
}

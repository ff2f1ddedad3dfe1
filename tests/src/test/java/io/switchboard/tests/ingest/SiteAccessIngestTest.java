package io.switchboard.tests.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@SwitchboardTest(apps = IngestApp.class)
@Timeout(60)
class SiteAccessIngestTest {
    private final TestServer server;

    SiteAccessIngestTest(TestServer server) {
        this.server = server;
    }

    @Test
    void visits_and_blocks_are_stored_with_the_blocked_ones_marked() {
        Devices.Enrolled child = Devices.enrol(server, "site-parent-1", "Sam");
        ObjectNode data = Json.object();
        ArrayNode logs = data.putArray("logs");
        logs.addObject().put("timestamp", Devices.minutesAgo(10)).put("url", "https://example.com").put("accessed", true);
        logs.addObject().put("timestamp", Devices.minutesAgo(9)).put("url", "https://blocked.example/casino").put("accessed", false);

        Devices.phone(server, child).request("site_access", data).assertAck();

        JsonNode stored = Devices.results(server, child, "site-access");
        assertThat(stored).hasSize(2);
        assertThat(stored.get(0).get("url").asText()).isEqualTo("https://example.com");
        assertThat(stored.get(0).get("accessed").asBoolean()).isTrue();
        assertThat(stored.get(1).get("accessed").asBoolean()).isFalse();
    }

    @Test
    void logs_resent_with_new_ones_are_stored_once_each() {
        Devices.Enrolled child = Devices.enrol(server, "site-parent-2", "Sam");
        TestClient phone = Devices.phone(server, child);
        String t1 = Devices.minutesAgo(30);
        String t2 = Devices.minutesAgo(20);
        phone.request("site_access", Devices.siteAccess(t1, "https://a.example", true)).assertAck();
        ObjectNode both = Devices.siteAccess(t1, "https://a.example", true);
        ((ArrayNode) both.get("logs")).addObject().put("timestamp", t2).put("url", "https://b.example").put("accessed", true);

        phone.request("site_access", both).assertAck();
        phone.request("site_access", both).assertAck();

        List<String> urls = new ArrayList<>();
        Devices.results(server, child, "site-access").forEach(l -> urls.add(l.get("url").asText()));
        assertThat(urls).containsExactly("https://a.example", "https://b.example");
    }

    @Test
    void a_url_of_2048_characters_is_stored_whole() {
        Devices.Enrolled child = Devices.enrol(server, "site-parent-3", "Sam");
        String url = "https://example.com/" + "é".repeat(2048 - 20);

        Devices.phone(server, child).request("site_access", Devices.siteAccess(Devices.minutesAgo(1), url, true)).assertAck();

        assertThat(Devices.results(server, child, "site-access").get(0).get("url").asText()).isEqualTo(url);
    }
}

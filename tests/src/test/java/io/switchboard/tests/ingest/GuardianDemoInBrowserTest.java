package io.switchboard.tests.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.browser.BrowserScenario;
import io.switchboard.testtags.NeedsBrowser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The parent's live view in headless Chromium, fed by a phone over its socket and then over the HTTP fallback. */
@Timeout(180)
@NeedsBrowser
class GuardianDemoInBrowserTest {
    @Test
    void the_guardian_page_shows_screen_time_trail_and_sites_as_the_phone_streams_them() throws Exception {
        try (TestServer server = TestServer.start(Map.of(), List.of(new IngestApp()))) {
            Devices.Enrolled child = Devices.enrol(server, "guardian-demo", "Sam");
            TestClient phone = Devices.phone(server, child);

            BrowserScenario.run("guardian-demo.mjs", Map.of("SWITCHBOARD_URL", "http://127.0.0.1:" + server.port(),
                    "PARENT", child.parent(), "CHILD_ID", String.valueOf(child.id())), request -> switch (request) {
                        case "STREAM_WS" -> {
                            ObjectNode screen = Devices.screenTime(Devices.today(), 4200, "com.google.android.youtube", 16, 2400);
                            screen.with("app_wise_data").putObject("org.mozilla.firefox").put("17", 1200);
                            phone.request("screen_time", screen).assertAck();
                            phone.request("location", Devices.location(Devices.minutesAgo(30), 52.5200, 13.4050)).assertAck();
                            phone.request("location", Devices.location(Devices.minutesAgo(20), 52.5230, 13.4120)).assertAck();
                            phone.request("location", Devices.location(Devices.minutesAgo(10), 52.5262, 13.4090)).assertAck();
                            ObjectNode sites = Devices.siteAccess(Devices.minutesAgo(25), "https://en.wikipedia.org/wiki/Kite", true);
                            ((ArrayNode) sites.get("logs")).addObject().put("timestamp", Devices.minutesAgo(15))
                                    .put("url", "https://casino.example/").put("accessed", false);
                            phone.request("site_access", sites).assertAck();
                            yield "OK";
                        }
                        case "STREAM_HTTP" -> {
                            ObjectNode screen = Devices.screenTime(Devices.today(), 6000, "com.google.android.youtube", 16, 2400);
                            screen.with("app_wise_data").putObject("org.mozilla.firefox").put("17", 1200);
                            screen.with("app_wise_data").putObject("com.mojang.minecraftpe").put("18", 1800);
                            ArrayNode buffer = Json.mapper().createArrayNode();
                            buffer.add(Devices.envelope("screen_time", "b1", screen));
                            buffer.add(Devices.envelope("location", "b2", Devices.location(Devices.minutesAgo(5), 52.5290, 13.4010)));
                            buffer.add(Devices.envelope("location", "b3", Devices.location(Devices.minutesAgo(1), 52.5310, 13.3950)));
                            buffer.add(Devices.envelope("site_access", "b4",
                                    Devices.siteAccess(Devices.minutesAgo(2), "https://games.example/blocked", false)));
                            int acked = Devices.post(server, child, buffer).json().get("acked").asInt();
                            yield acked == 4 ? "OK" : "ERR only " + acked + " of 4 acked";
                        }
                        default -> "ERR unknown request " + request;
                    });

            assertThat(BrowserScenario.SCREENSHOTS.resolve("guardian-live.png")).exists();
            assertThat(BrowserScenario.SCREENSHOTS.resolve("guardian-live-after-fallback.png")).exists();
        }
    }
}

package io.switchboard.tests.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of the issue, each refused with its code and field, storing nothing and keeping the socket open. */
@SwitchboardTest(apps = IngestApp.class, settings = "max-frame-bytes=262144")
@Timeout(120)
class TelemetryValidationTest {
    private static Devices.Enrolled child;
    private final TestServer server;

    TelemetryValidationTest(TestServer server) {
        this.server = server;
    }

    @BeforeAll
    static void enrol(TestServer server) {
        child = Devices.enrol(server, "validation-parent", "Sam");
    }

    static Stream<Arguments> badMessages() {
        String now = Devices.minutesAgo(1);
        return Stream.of(
                bad("latitude above 90", "location", Devices.location(now, 90.0001, 0), "invalid_field", "data.latitude"),
                bad("latitude below -90", "location", Devices.location(now, -91, 0), "invalid_field", "data.latitude"),
                bad("longitude above 180", "location", Devices.location(now, 0, 180.5), "invalid_field", "data.longitude"),
                bad("longitude below -180", "location", Devices.location(now, 0, -181), "invalid_field", "data.longitude"),
                bad("latitude as a string", "location", edit(Devices.location(now, 0, 0), d -> d.put("latitude", "40.7")),
                        "invalid_field", "data.latitude"),
                bad("latitude missing", "location", edit(Devices.location(now, 0, 0), d -> d.remove("latitude")),
                        "missing_field", "data.latitude"),
                bad("timestamp without a zone", "location", Devices.location("2025-12-10T10:30:00", 0, 0),
                        "invalid_field", "data.timestamp"),
                bad("timestamp that is not a time", "location", Devices.location("yesterday", 0, 0), "invalid_field", "data.timestamp"),
                bad("timestamp two days ahead", "location",
                        Devices.location(Instant.now().plus(2, ChronoUnit.DAYS).toString(), 0, 0), "invalid_field", "data.timestamp"),
                bad("timestamp older than the retention window", "location",
                        Devices.location(Instant.now().minus(400, ChronoUnit.DAYS).toString(), 0, 0), "invalid_field", "data.timestamp"),
                bad("a date that does not exist", "screen_time", Devices.screenTime("2025-02-30", 10, "a.b", 1, 10),
                        "invalid_field", "data.date"),
                bad("a date in another format", "screen_time", Devices.screenTime("10/12/2025", 10, "a.b", 1, 10),
                        "invalid_field", "data.date"),
                bad("a date next week", "screen_time",
                        Devices.screenTime(LocalDate.now(ZoneOffset.UTC).plusDays(7).toString(), 10, "a.b", 1, 10), "invalid_field", "data.date"),
                bad("a negative total", "screen_time", Devices.screenTime(Devices.today(), -1, "a.b", 1, 10),
                        "invalid_field", "data.total_screen_time"),
                bad("a total over a day", "screen_time", Devices.screenTime(Devices.today(), 86_401, "a.b", 1, 10),
                        "invalid_field", "data.total_screen_time"),
                bad("a total with a fraction", "screen_time",
                        edit(Devices.screenTime(Devices.today(), 1, "a.b", 1, 10), d -> d.put("total_screen_time", 1.5)),
                        "invalid_field", "data.total_screen_time"),
                bad("hour 24", "screen_time", secondApp("24", 10), "invalid_field", "data.app_wise_data.com.two.24"),
                bad("an hour that is not a number", "screen_time", secondApp("noon", 10), "invalid_field", "data.app_wise_data.com.two.noon"),
                bad("more than 3600 seconds in an hour", "screen_time", secondApp("5", 3601), "invalid_field", "data.app_wise_data.com.two.5"),
                bad("negative seconds", "screen_time", secondApp("5", -1), "invalid_field", "data.app_wise_data.com.two.5"),
                bad("app data that is not an object", "screen_time",
                        edit(Devices.screenTime(Devices.today(), 1, "a.b", 1, 10), d -> d.put("app_wise_data", "lots")),
                        "invalid_field", "data.app_wise_data"),
                bad("a URL of 2049 characters", "site_access", Devices.siteAccess(now, "https://e.com/" + "x".repeat(2049 - 14), true),
                        "invalid_field", "data.logs[0].url"),
                bad("1001 logs", "site_access", logs(1001), "invalid_field", "data.logs"),
                bad("no logs", "site_access", logs(0), "invalid_field", "data.logs"),
                bad("a log without accessed", "site_access",
                        edit(Devices.siteAccess(now, "https://e.com", true), d -> ((ObjectNode) d.get("logs").get(0)).remove("accessed")),
                        "missing_field", "data.logs[0].accessed"),
                bad("accessed that is not a boolean", "site_access",
                        edit(Devices.siteAccess(now, "https://e.com", true), d -> ((ObjectNode) d.get("logs").get(0)).put("accessed", "yes")),
                        "invalid_field", "data.logs[0].accessed"),
                bad("a bad second log after a good first", "site_access",
                        edit(logs(2), d -> ((ObjectNode) d.get("logs").get(1)).put("timestamp", "soon")),
                        "invalid_field", "data.logs[1].timestamp"),
                bad("an unknown field", "location", edit(Devices.location(now, 0, 0), d -> d.put("altitude", 10)),
                        "unknown_field", "data.altitude"),
                bad("no data at all", "location", null, "missing_field", "data"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMessages")
    void a_bad_message_is_refused_with_its_code_and_field_stores_nothing_and_keeps_the_socket(
            String rule, String type, JsonNode data, String code, String field) {
        TestClient phone = Devices.phone(server, child);

        Reply reply = phone.request(type, data);

        assertThat(reply.isError()).as("%s: %s", rule, reply).isTrue();
        assertThat(reply.errorCode()).as(rule).isEqualTo(code);
        assertThat(reply.errorField()).as(rule).isEqualTo(field);
        phone.ping();
        for (String what : new String[] {"screen-time", "locations", "site-access"}) {
            assertThat(Devices.results(server, child, what)).as("%s stored after: %s", what, rule).isEmpty();
        }
        phone.close();
    }

    private static Arguments bad(String rule, String type, JsonNode data, String code, String field) {
        return Arguments.of(rule, type, data, code, field);
    }

    private static ObjectNode edit(ObjectNode data, Consumer<ObjectNode> change) {
        change.accept(data);
        return data;
    }

    /** A valid first app, then a second app with one bad hour: nothing of the first may be stored either. */
    private static ObjectNode secondApp(String hour, int seconds) {
        ObjectNode data = Devices.screenTime(Devices.today(), 600, "com.one", 3, 600);
        data.with("app_wise_data").putObject("com.two").put(hour, seconds);
        return data;
    }

    private static ObjectNode logs(int n) {
        ObjectNode data = Json.object();
        ArrayNode logs = data.putArray("logs");
        String at = Devices.minutesAgo(1);
        for (int i = 0; i < n; i++) {
            logs.addObject().put("timestamp", at).put("url", "u" + i).put("accessed", true);
        }
        return data;
    }
}

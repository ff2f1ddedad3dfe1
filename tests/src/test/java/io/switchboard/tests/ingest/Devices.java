package io.switchboard.tests.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** What the ingest tests share: enrol a child as a parent, connect as its phone, build the seed's messages. */
final class Devices {
    private Devices() {
    }

    /**
     * A child enrolled over REST.
     *
     * @param id     the child's id
     * @param hash   its device hash
     * @param parent the parent's user id
     */
    record Enrolled(long id, String hash, String parent) {
        /** The child's live channel. */
        String channel() {
            return "child:" + id;
        }
    }

    /** Enrols a child named {@code name} for {@code parent} through {@code POST /api/children/}. */
    static Enrolled enrol(TestServer server, String parent, String name) {
        HttpReply r = server.http().postJson("/api/children/", Map.of("name", name), bearer(server, parent));
        assertThat(r.status()).as("enrol %s: %s", name, r).isEqualTo(201);
        JsonNode body = r.json();
        return new Enrolled(body.get("id").asLong(), body.get("child_hash").asText(), parent);
    }

    /** The Authorization header of a parent. */
    static Map<String, String> bearer(TestServer server, String user) {
        return Map.of("Authorization", "Bearer " + server.token(user));
    }

    /** A parent's GET, as JSON; asserts 200. */
    static JsonNode read(TestServer server, String parent, String path) {
        HttpReply r = server.http().get(path, bearer(server, parent));
        assertThat(r.status()).as("GET %s: %s", path, r).isEqualTo(200);
        return r.json();
    }

    /** The results of a parent's read. */
    static JsonNode results(TestServer server, Enrolled child, String what) {
        return read(server, child.parent(), "/api/children/" + child.id() + "/" + what + "/").get("results");
    }

    /** The phone's socket on {@code /ws/ingest/<hash>/}, after {@code connection_established}. */
    static TestClient phone(TestServer server, Enrolled child) {
        TestClient phone = server.connect(ConnectOptions.withoutToken().path("/ws/ingest/" + child.hash() + "/"));
        phone.awaitEstablished();
        return phone;
    }

    /** {@code POST /api/ingest/} with the child's hash. */
    static HttpReply post(TestServer server, Enrolled child, Object body) {
        return server.http().postJson("/api/ingest/", body, Map.of("X-Child-Hash", child.hash()));
    }

    /** A time {@code minutesAgo} minutes before now, ISO-8601 UTC, whole seconds. */
    static String minutesAgo(long minutesAgo) {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(minutesAgo, ChronoUnit.MINUTES).toString();
    }

    /** Today (UTC), YYYY-MM-DD. */
    static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    /** {@code location} data. */
    static ObjectNode location(String timestamp, double latitude, double longitude) {
        return Json.object().put("timestamp", timestamp).put("latitude", latitude).put("longitude", longitude);
    }

    /** {@code screen_time} data with one app's seconds in one hour. */
    static ObjectNode screenTime(String date, int total, String app, int hour, int seconds) {
        ObjectNode data = Json.object().put("date", date).put("total_screen_time", total);
        data.putObject("app_wise_data").putObject(app).put(String.valueOf(hour), seconds);
        return data;
    }

    /** {@code site_access} data with one entry. */
    static ObjectNode siteAccess(String timestamp, String url, boolean accessed) {
        ObjectNode data = Json.object();
        ArrayNode logs = data.putArray("logs");
        logs.addObject().put("timestamp", timestamp).put("url", url).put("accessed", accessed);
        return data;
    }

    /** An envelope for the HTTP fallback. */
    static ObjectNode envelope(String type, String id, JsonNode data) {
        ObjectNode e = Json.object().put("type", type);
        if (id != null) {
            e.put("id", id);
        }
        e.set("data", data);
        return e;
    }
}

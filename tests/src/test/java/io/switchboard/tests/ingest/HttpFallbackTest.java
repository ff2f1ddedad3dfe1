package io.switchboard.tests.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code POST /api/ingest/}: the same messages, validation and idempotency as the socket, one result per message. */
@SwitchboardTest(apps = IngestApp.class)
@Timeout(60)
class HttpFallbackTest {
    private final TestServer server;

    HttpFallbackTest(TestServer server) {
        this.server = server;
    }

    @Test
    void one_message_is_answered_with_its_ack() {
        Devices.Enrolled child = Devices.enrol(server, "http-parent", "Sam");

        HttpReply r = Devices.post(server, child, Devices.envelope("location", "l1", Devices.location(Devices.minutesAgo(1), 5, 6)));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(Json.object().put("type", "ack").put("id", "l1"));
        assertThat(Devices.results(server, child, "locations")).hasSize(1);
    }

    @Test
    void one_bad_message_is_answered_with_its_error_and_status() {
        Devices.Enrolled child = Devices.enrol(server, "http-parent", "Sam");

        HttpReply r = Devices.post(server, child, Devices.envelope("location", "l1", Devices.location(Devices.minutesAgo(1), 95, 6)));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("type").asText()).isEqualTo("error");
        assertThat(r.json().get("id").asText()).isEqualTo("l1");
        assertThat(r.errorCode()).isEqualTo("invalid_field");
        assertThat(r.errorField()).isEqualTo("data.latitude");
    }

    @Test
    void a_buffer_drained_in_one_request_gets_a_result_per_message_and_only_the_good_ones_are_stored() {
        Devices.Enrolled child = Devices.enrol(server, "http-parent", "Sam");
        ArrayNode buffer = Json.mapper().createArrayNode();
        buffer.add(Devices.envelope("location", "1", Devices.location(Devices.minutesAgo(9), 1, 1)));
        buffer.add(Devices.envelope("location", "2", Devices.location(Devices.minutesAgo(8), 1, 200)));
        buffer.add(Devices.envelope("screen_time", "3", Devices.screenTime(Devices.today(), 100, "com.app", 4, 100)));
        buffer.add(Devices.envelope("site_access", "4", Devices.siteAccess(Devices.minutesAgo(7), "https://e.com", false)));
        buffer.add(Devices.envelope("teleport", "5", Json.object()));
        buffer.add(Json.object().put("type", "location").put("id", "6").put("extra", 1));
        buffer.add(Devices.envelope("location", null, Devices.location(Devices.minutesAgo(6), 2, 2)));

        HttpReply r = Devices.post(server, child, buffer);

        assertThat(r.status()).isEqualTo(200);
        JsonNode results = r.json().get("results");
        assertThat(results).hasSize(7);
        assertThat(results.get(0)).isEqualTo(Json.object().put("type", "ack").put("id", "1"));
        assertThat(results.get(1).at("/error/field").asText()).isEqualTo("data.longitude");
        assertThat(results.get(2).get("type").asText()).isEqualTo("ack");
        assertThat(results.get(3).get("type").asText()).isEqualTo("ack");
        assertThat(results.get(4).at("/error/code").asText()).isEqualTo("unknown_type");
        assertThat(results.get(5).at("/error/code").asText()).isEqualTo("unknown_field");
        assertThat(results.get(5).get("id").asText()).isEqualTo("6");
        assertThat(results.get(6)).isEqualTo(Json.object().put("type", "ack"));
        assertThat(r.json().get("acked").asInt()).isEqualTo(4);
        assertThat(r.json().get("rejected").asInt()).isEqualTo(3);
        assertThat(Devices.results(server, child, "locations")).hasSize(2);
        assertThat(Devices.results(server, child, "screen-time")).hasSize(1);
        assertThat(Devices.results(server, child, "site-access")).hasSize(1);
    }

    @Test
    void the_fallback_refuses_a_bad_message_exactly_as_the_socket_does() {
        Devices.Enrolled child = Devices.enrol(server, "http-parent", "Sam");
        JsonNode bad = Devices.screenTime(Devices.today(), 100, "com.app", 30, 100);

        Reply overSocket = Devices.phone(server, child).request("screen_time", bad);
        HttpReply overHttp = Devices.post(server, child, Devices.envelope("screen_time", "x", bad));

        assertThat(overHttp.json().get("error")).isEqualTo(overSocket.json().get("error"));
    }

    @Test
    void a_message_sent_over_both_transports_is_stored_once() {
        Devices.Enrolled child = Devices.enrol(server, "http-parent", "Sam");
        JsonNode fix = Devices.location(Devices.minutesAgo(4), 33.3, 44.4);

        Devices.phone(server, child).request("location", fix).assertAck();
        Devices.post(server, child, Devices.envelope("location", "again", fix));
        Devices.post(server, child, Json.mapper().createArrayNode().add(Devices.envelope("location", "and again", fix)));

        assertThat(Devices.results(server, child, "locations")).hasSize(1);
    }

    @Test
    void a_missing_or_unknown_hash_is_401() {
        JsonNode message = Devices.envelope("location", "1", Devices.location(Devices.minutesAgo(1), 1, 1));

        HttpReply none = server.http().postJson("/api/ingest/", message, Map.of());
        HttpReply unknown = server.http().postJson("/api/ingest/", message, Map.of("X-Child-Hash", "C".repeat(43)));

        assertThat(none.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.errorField()).isEqualTo("X-Child-Hash");
    }

    @Test
    void the_request_as_a_whole_must_be_json_of_bounded_size() {
        Devices.Enrolled child = Devices.enrol(server, "http-parent", "Sam");
        Map<String, String> hash = Map.of("X-Child-Hash", child.hash());
        ArrayNode tooMany = Json.mapper().createArrayNode();
        for (int i = 0; i < 501; i++) {
            tooMany.add(Devices.envelope("location", null, Devices.location(Devices.minutesAgo(1), 1, 1)));
        }

        assertThat(server.http().post("/api/ingest/", "application/json", "{not json", hash).status()).isEqualTo(400);
        assertThat(server.http().post("/api/ingest/", "text/plain", "{}", hash).status()).isEqualTo(415);
        assertThat(server.http().post("/api/ingest/", "application/json", "[]", hash).status()).isEqualTo(400);
        assertThat(server.http().post("/api/ingest/", "application/json", "42", hash).status()).isEqualTo(400);
        assertThat(Devices.post(server, child, tooMany).status()).isEqualTo(413);
        assertThat(Devices.results(server, child, "locations")).isEmpty();
    }
}

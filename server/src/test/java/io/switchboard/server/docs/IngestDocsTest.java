package io.switchboard.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.ingest.IngestApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ingest app (device telemetry) is documented: docs/openapi.yaml has its paths and statuses,
 * docs/asyncapi.yaml its two device sockets, their messages and the child events, docs/PROTOCOL.md its section,
 * and a node with the app answers as they say.
 */
@Timeout(60)
class IngestDocsTest extends AppDocsTest {
    @BeforeAll
    static void start() throws IOException {
        open("ingest", Map.of(), new IngestApp());
    }

    @Test
    void openapi_has_the_ingest_paths_their_methods_and_statuses() {
        assertStatuses("/api/children/", "get", "200", "401");
        assertStatuses("/api/children/", "post", "201", "400", "401", "409", "413", "415");
        assertStatuses("/api/children/{id}/", "get", "200", "401", "404");
        for (String sub : new String[] {"screen-time", "locations", "site-access"}) {
            assertStatuses("/api/children/{id}/" + sub + "/", "get", "200", "400", "401", "404");
        }
        assertStatuses("/api/ingest/", "post", "200", "400", "401", "413", "415", "503");
        assertThat(openapi.at("/components/securitySchemes/childHash/name").asText()).isEqualTo("X-Child-Hash");
    }

    @Test
    void asyncapi_has_both_device_sockets_with_every_type_the_device_session_handles() {
        assertThat(asyncapi.at("/channels/ingest/address").asText()).isEqualTo("/ws/ingest/{childHash}/");
        assertThat(asyncapi.at("/channels/ingestAuth/address").asText()).isEqualTo("/ws/ingest-auth/");
        Set<String> handled = node.gateway().handlerSets().get(IngestApp.HANDLER_SET).types();
        assertThat(handled).containsExactlyInAnyOrder("ping", "screen_time", "location", "site_access");
        for (String channel : new String[] {"ingest", "ingestAuth"}) {
            Set<String> described = names(asyncapi.at("/channels/" + channel + "/messages"));
            Set<String> received = new TreeSet<>();
            asyncapi.path("operations").forEach(op -> {
                if (op.path("action").asText().equals("receive") && op.at("/channel/$ref").asText().equals("#/channels/" + channel)) {
                    received.addAll(names(op.path("messages")));
                }
            });
            assertThat(described).as(channel).containsAll(handled).contains("connection_established", "ack", "error");
            assertThat(received).as(channel).containsAll(handled);
        }
        assertThat(names(asyncapi.at("/channels/ingestAuth/messages"))).contains("auth");
        Set<String> events = new TreeSet<>();
        asyncapi.path("operations").forEach(op -> {
            if (op.path("action").asText().equals("send") && op.at("/channel/$ref").asText().equals("#/channels/ws")) {
                events.addAll(names(op.path("messages")));
            }
        });
        assertThat(events).contains("screen_time", "location", "site_access");
        assertThat(protocol).contains("## Device telemetry (ingest)").contains("/ws/ingest-auth/").contains("`child:<id>`")
                .contains("X-Child-Hash").contains("`ingest-retention`").contains("`ingest-auth-timeout`");
    }

    @Test
    void the_documented_device_messages_are_acked_and_the_documented_events_reach_the_parent() throws Exception {
        String parent = node.tokens().issue("docs-parent", Duration.ofMinutes(5));
        HttpResponse<String> enrolled = call(parent, "POST", "/api/children/", "{\"name\":\"Sam\"}", Map.of());
        assertDocumented("post", "/api/children/", enrolled, 201);
        JsonNode child = Json.parse(enrolled.body());
        assertHasRequired(child, "Child");
        String hash = child.get("child_hash").asText();
        try (TextSocket watcher = TextSocket.open(URI.create("ws://127.0.0.1:" + node.port() + "/ws"),
                b -> b.subprotocols("switchboard", "bearer." + parent));
             TextSocket phone = TextSocket.open(URI.create("ws://127.0.0.1:" + node.port() + "/ws/ingest/" + hash + "/"), b -> b)) {
            assertThat(watcher.next().path("type").asText()).isEqualTo("connection_established");
            watcher.send(Json.parse("{\"type\":\"subscribe\",\"id\":1,\"data\":{\"channel\":\"" + child.get("channel").asText() + "\"}}"));
            assertThat(watcher.next().path("type").asText()).isEqualTo("ack");
            assertThat(phone.next().at("/data/user_id").asText()).isEqualTo(child.get("channel").asText());
            for (String type : new String[] {"screen_time", "location", "site_access"}) {
                for (JsonNode example : asyncapi.at("/components/messages/" + type + "/examples")) {
                    ObjectNode message = recent(example.path("payload").deepCopy());
                    phone.send(message);
                    JsonNode reply = phone.next();
                    assertThat(reply.path("type").asText()).as("reply to %s", message).isEqualTo("ack");
                    assertThat(reply.path("id")).isEqualTo(message.path("id"));
                    JsonNode event = watcher.next();
                    assertThat(event.path("type").asText()).isEqualTo(type);
                    JsonNode schema = Docs.resolve(asyncapi, asyncapi.at("/channels/ws/messages/child_" + type + "/payload"));
                    schema.path("required").forEach(f -> assertThat(event.has(f.asText())).as("%s in %s", f, event).isTrue());
                    Docs.resolve(asyncapi, schema.at("/properties/data")).path("required")
                            .forEach(f -> assertThat(event.path("data").has(f.asText())).as("%s in %s", f, event).isTrue());
                }
            }
        }

        String base = "/api/children/" + child.get("id").asLong() + "/";
        assertDocumented("get", "/api/children/", call(parent, "GET", "/api/children/", null, Map.of()), 200);
        assertDocumented("get", "/api/children/", call(null, "GET", "/api/children/", null, Map.of()), 401);
        assertDocumented("get", "/api/children/{id}/", call(parent, "GET", base, null, Map.of()), 200);
        assertDocumented("get", "/api/children/{id}/", call(parent, "GET", "/api/children/999999/", null, Map.of()), 404);
        String[][] pages = {{"screen-time", "ScreenTimePage"}, {"locations", "LocationPage"}, {"site-access", "SiteAccessPage"}};
        for (String[] page : pages) {
            HttpResponse<String> ok = call(parent, "GET", base + page[0] + "/?order=desc&limit=10", null, Map.of());
            assertDocumented("get", "/api/children/{id}/" + page[0] + "/", ok, 200);
            assertHasRequired(Json.parse(ok.body()), page[1]);
            assertThat(Json.parse(ok.body()).get("results")).isNotEmpty();
            assertDocumented("get", "/api/children/{id}/" + page[0] + "/", call(parent, "GET", base + page[0] + "/?from=soon", null, Map.of()), 400);
        }

        Map<String, String> device = Map.of("X-Child-Hash", hash);
        String fix = Json.write(recent(Json.object().put("type", "location").put("id", "h1").set("data",
                Json.object().put("timestamp", "x").put("latitude", 1).put("longitude", 2))));
        HttpResponse<String> one = call(null, "POST", "/api/ingest/", fix, device);
        assertDocumented("post", "/api/ingest/", one, 200);
        HttpResponse<String> buffer = call(null, "POST", "/api/ingest/", "[" + fix + "," + fix.replace("\"longitude\":2", "\"longitude\":200") + "]", device);
        assertDocumented("post", "/api/ingest/", buffer, 200);
        assertThat(Json.parse(buffer.body()).path("rejected").asInt()).isEqualTo(1);
        assertDocumented("post", "/api/ingest/", call(null, "POST", "/api/ingest/", fix.replace("\"latitude\":1", "\"latitude\":95"), device), 400);
        assertDocumented("post", "/api/ingest/", call(null, "POST", "/api/ingest/", fix, Map.of()), 401);
        assertDocumented("post", "/api/ingest/", call(null, "POST", "/api/ingest/", fix, Map.of("X-Child-Hash", hash,
                "Content-Type", "text/plain")), 415);
    }

    /** An example with its times moved to now, so that it stays inside the retention window whenever the test runs. */
    private static ObjectNode recent(ObjectNode message) {
        ObjectNode data = (ObjectNode) message.get("data");
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60).toString();
        if (data.has("timestamp")) {
            data.put("timestamp", now);
        }
        if (data.has("date")) {
            data.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        }
        data.path("logs").forEach(l -> ((ObjectNode) l).put("timestamp", now));
        return message;
    }

    private static Set<String> names(JsonNode messages) {
        Set<String> out = new TreeSet<>();
        Docs.resolvedList(asyncapi, messages).forEach(m -> out.add(m.path("name").asText()));
        return out;
    }
}

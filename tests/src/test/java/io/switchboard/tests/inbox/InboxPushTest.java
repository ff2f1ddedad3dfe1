package io.switchboard.tests.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.SeedSocket;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code POST /api/inbox/push}: a backend pushes transient events (a reply's tokens, progress) to the sockets a user
 * has open on {@code /ws/user/<id>}, in the order of the request, as {@code {"type","data"}} without {@code seq}; they
 * are never stored, so a socket opened later gets none of them, and a request with one bad event pushes nothing.
 * The sockets are the JDK's WebSocket ({@link SeedSocket}), the posts the JDK's HttpClient.
 */
@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InboxPushTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void a_pushed_array_reaches_every_socket_of_its_user_in_order_and_no_other_user(TestServer server) {
        try (SeedSocket phone = socket(server, "ada", ""); SeedSocket laptop = socket(server, "ada", "");
             SeedSocket grace = socket(server, "grace", ""); SeedSocket linus = socket(server, "linus", "")) {
            List<Object> events = List.of(
                    event("ada", "token", "Hel"),
                    event("grace", "token", "other"),
                    event("ada", "token", "lo"),
                    event("ada", "progress", Map.of("percent", 40)),
                    event("ada", "token", "!"));
            HttpReply reply = push(server, "/api/inbox/push", events);

            assertThat(reply.status()).as("%s", reply).isEqualTo(202);
            assertThat(reply.json()).isEqualTo(Json.object().put("accepted", 5));
            List<String> expected = List.of(
                    "{\"type\":\"token\",\"data\":\"Hel\"}",
                    "{\"type\":\"token\",\"data\":\"lo\"}",
                    // An object's fields are also at the top level, as on every frame of this socket (issue 13).
                    "{\"type\":\"progress\",\"percent\":40,\"data\":{\"percent\":40}}",
                    "{\"type\":\"token\",\"data\":\"!\"}");
            for (SeedSocket ada : List.of(phone, laptop)) {
                await().atMost(WAIT).until(() -> events(ada).size() == 4);
                assertThat(events(ada)).containsExactlyElementsOf(expected);
            }
            await().atMost(WAIT).until(() -> events(grace).size() == 1);
            assertThat(events(grace)).containsExactly("{\"type\":\"token\",\"data\":\"other\"}");

            // linus was in no event: a push to him after the others comes first and alone.
            fence(server, linus, "linus");
            assertThat(events(linus)).containsExactly(fenceFrame());
        }
    }

    @Test
    void a_user_gets_a_long_array_in_order_and_a_single_event_works_with_a_trailing_slash(TestServer server) {
        try (SeedSocket ada = socket(server, "barbara", "&delivery=ack")) {
            List<Object> events = new ArrayList<>();
            for (int n = 0; n < 500; n++) {
                events.add(event("barbara", "token", Map.of("n", n)));
            }
            assertThat(push(server, "/api/inbox/push", events).status()).isEqualTo(202);
            HttpReply one = push(server, "/api/inbox/push/", event("barbara", "done", true));
            assertThat(one.status()).as("%s", one).isEqualTo(202);
            assertThat(one.json()).isEqualTo(Json.object().put("accepted", 1));

            await().atMost(WAIT).until(() -> ada.frames("done").size() == 1);
            List<JsonNode> tokens = ada.frames("token");
            assertThat(tokens).hasSize(500);
            for (int n = 0; n < 500; n++) {
                assertThat(tokens.get(n).at("/data/n").asInt()).isEqualTo(n);
                assertThat(tokens.get(n).has("seq")).isFalse();
            }
            assertThat(Json.write(ada.frames("done").get(0))).isEqualTo("{\"type\":\"done\",\"data\":true}");
        }
    }

    @Test
    void nothing_pushed_is_stored_or_replayed_while_an_emitted_event_is(TestServer server) {
        try (SeedSocket live = socket(server, "grace2", "")) {
            assertThat(push(server, "/api/inbox/push", List.of(event("grace2", "token", "a"), event("grace2", "token", "b")))
                    .status()).isEqualTo(202);
            await().atMost(WAIT).until(() -> live.frames("token").size() == 2);
        }
        HttpReply emitted = server.http().postJson("/api/inbox/events", event("grace2", "note", Map.of("text", "kept")),
                Map.of("X-Api-Key", server.apiKey()));
        assertThat(emitted.status()).as("%s", emitted).isEqualTo(201);
        long seq = emitted.json().get("seq").asLong();
        // Pushed while no socket is open: gone.
        assertThat(push(server, "/api/inbox/push", event("grace2", "token", "c")).status()).isEqualTo(202);

        try (SeedSocket later = socket(server, "grace2", "&last_seq=0")) {
            await().atMost(WAIT).until(() -> later.frames("note").size() == 1);
            assertThat(later.frames("note").get(0).path("seq").asLong()).isEqualTo(seq);
            fence(server, later, "grace2");
            assertThat(events(later)).containsExactly(Json.write(later.frames("note").get(0)), fenceFrame());
        }
    }

    @Test
    void a_bad_request_is_refused_whole_with_the_field_and_the_node_keeps_serving(TestServer server) {
        try (SeedSocket edsger = socket(server, "edsger", "")) {
            List<Object> badType = List.of(event("edsger", "token", "one"), event("edsger", "Not A Type", "two"),
                    event("edsger", "token", "three"));
            assertError(push(server, "/api/inbox/push", badType), 400, "invalid_field", "[1].type");
            assertError(push(server, "/api/inbox/push", List.of(event("edsger", "token", "x"), event("edsger", "ack", "y"))),
                    400, "invalid_field", "[1].type");
            assertError(push(server, "/api/inbox/push", List.of(Map.of("user_id", "edsger", "type", "token"))),
                    400, "missing_field", "[0].data");
            assertError(push(server, "/api/inbox/push", List.of(event("edsger", "token", "x"), "not an object")),
                    400, "invalid_field", "[1]");

            Map<String, Object> scheduled = new LinkedHashMap<>(event("edsger", "token", "later"));
            scheduled.put("scheduled_at", "2099-01-01T00:00:00Z");
            assertError(push(server, "/api/inbox/push", scheduled), 400, "unknown_field", "scheduled_at");
            assertError(push(server, "/api/inbox/push", List.of(event("edsger", "token", "x"), scheduled)),
                    400, "unknown_field", "[1].scheduled_at");

            // Over 256 KiB characters of data as JSON: the whole request refused, the event named by its index.
            HttpReply tooLarge = push(server, "/api/inbox/push",
                    List.of(event("edsger", "token", "x"), event("edsger", "token", "x".repeat(300_000))));
            assertError(tooLarge, 413, "too_large", "[1].data");

            List<Object> tooMany = new ArrayList<>();
            for (int i = 0; i < 501; i++) {
                tooMany.add(event("edsger", "token", i));
            }
            // What the emit route answers for too many events in one request.
            HttpReply emitTooMany = server.http().postJson("/api/inbox/events", tooMany, Map.of("X-Api-Key", server.apiKey()));
            assertThat(emitTooMany.status()).isEqualTo(413);
            assertError(push(server, "/api/inbox/push", tooMany), 413, emitTooMany.errorCode(), null);
            assertThat(push(server, "/api/inbox/push", List.of()).status()).isEqualTo(400);
            assertThat(server.http().post("/api/inbox/push", "text/plain", Json.write(event("edsger", "token", "x")),
                    Map.of("X-Api-Key", server.apiKey())).status()).isEqualTo(415);

            HttpReply noKey = server.http().postJson("/api/inbox/push", event("edsger", "token", "x"), Map.of());
            assertError(noKey, 401, "unauthorized", null);
            HttpReply wrongKey = server.http().postJson("/api/inbox/push", event("edsger", "token", "x"),
                    Map.of("X-Api-Key", "not-the-key"));
            assertError(wrongKey, 401, "unauthorized", null);
            HttpReply get = server.http().send(HttpRequest.newBuilder(server.http().uri("/api/inbox/push"))
                    .header("X-Api-Key", server.apiKey()).GET().build());
            assertThat(get.status()).isEqualTo(405);

            // The key in the other documented place works; then nothing of the refused requests was pushed.
            HttpReply viaAuthorization = server.http().postJson("/api/inbox/push", event("edsger", "fence", "end"),
                    Map.of("Authorization", "ApiKey " + server.apiKey()));
            assertThat(viaAuthorization.status()).as("%s", viaAuthorization).isEqualTo(202);
            await().atMost(WAIT).until(() -> edsger.frames("fence").size() == 1);
            assertThat(events(edsger)).containsExactly(fenceFrame());
        }
    }

    @Test
    void data_of_every_json_kind_arrives_as_the_server_writes_json(TestServer server) {
        try (SeedSocket alan = socket(server, "alan", "")) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("text", "é \"quoted\" \u2028 \n");
            data.put("int", 7);
            data.put("long", 12345678901234L);
            data.put("big", new java.math.BigInteger("123456789012345678901234567890"));
            data.put("float", 0.1);
            data.put("flags", List.of(true, false));
            data.put("none", null);
            data.put("nested", Map.of("deep", List.of(Map.of("x", 1))));
            data.put("seq", 99); // an envelope name: stays in data only
            // Each character of this one is two bytes of the frame: under the limit in characters though its frame
            // is over it in bytes.
            String wide = "é".repeat(200_000);
            assertThat(push(server, "/api/inbox/push", List.of(event("alan", "kinds", data), event("alan", "wide", wide)))
                    .status()).isEqualTo(202);
            await().atMost(WAIT).until(() -> alan.frames("wide").size() == 1);

            JsonNode frame = alan.frames("kinds").get(0);
            JsonNode sent = Json.mapper().valueToTree(data);
            assertThat(frame.get("data")).isEqualTo(sent);
            assertThat(frame.has("seq")).isFalse();
            for (String name : List.of("text", "int", "long", "big", "float", "flags", "none", "nested")) {
                assertThat(frame.get(name)).as(name).isEqualTo(sent.get(name));
            }
            assertThat(alan.frames("wide").get(0).get("data").asText()).isEqualTo(wide);
        }
    }

    @Test
    void a_body_laid_out_any_way_or_with_a_repeated_key_arrives_as_json_and_one_not_utf8_is_refused(TestServer server) {
        try (SeedSocket kurt = socket(server, "kurt", "")) {
            String body = "[\n  {\"type\" : \"spaced\",\n   \"data\" : { \"a\" : [ 1 , 2 ] ,\t\"s\" : \"x\\u0041\" } ,"
                    + "\"user_id\":\"kurt\"},\n  {\"user_id\":\"kurt\",\"type\":\"twice\",\"data\":{\"k\":1,\"k\":2}}\n]";
            HttpReply accepted = server.http().post("/api/inbox/push", "application/json", body,
                    Map.of("X-Api-Key", server.apiKey()));
            assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
            await().atMost(WAIT).until(() -> kurt.frames("twice").size() == 1);

            JsonNode spaced = kurt.frames("spaced").get(0);
            assertThat(spaced.get("data")).isEqualTo(Json.parse("{\"a\":[1,2],\"s\":\"xA\"}"));
            assertThat(spaced.get("a")).isEqualTo(Json.parse("[1,2]"));
            assertThat(spaced.get("s").asText()).isEqualTo("xA");
            // One key twice: the last one, as JSON readers take it, both at the top and in data.
            JsonNode twice = kurt.frames("twice").get(0);
            assertThat(twice.get("k").asInt()).isEqualTo(2);
            assertThat(twice.at("/data/k").asInt()).isEqualTo(2);

            byte[] start = "[{\"user_id\":\"kurt\",\"type\":\"bad\",\"data\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] notUtf8 = java.util.Arrays.copyOf(start, start.length + 5);
            notUtf8[start.length] = (byte) 0xC3; // a lead byte followed by no continuation byte
            notUtf8[start.length + 1] = '(';
            System.arraycopy("\"}]".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, notUtf8, start.length + 2, 3);
            HttpReply refused = server.http().send(HttpRequest.newBuilder(server.http().uri("/api/inbox/push"))
                    .header("X-Api-Key", server.apiKey()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8)).build());
            assertError(refused, 400, "bad_json", null);

            fence(server, kurt, "kurt");
            assertThat(kurt.frames("bad")).isEmpty();
        }
    }

    private static Map<String, Object> event(String user, String type, Object data) {
        return Map.of("user_id", user, "type", type, "data", data);
    }

    private static HttpReply push(TestServer server, String path, Object body) {
        return server.http().postJson(path, body, Map.of("X-Api-Key", server.apiKey()));
    }

    private static void assertError(HttpReply reply, int status, String code, String field) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.errorCode()).as("%s", reply).isEqualTo(code);
        if (field != null) {
            assertThat(reply.errorField()).as("%s", reply).isEqualTo(field);
        }
    }

    /** Pushes a last event to the user and waits for it: what was not delivered before it will not be. */
    private static void fence(TestServer server, SeedSocket socket, String user) {
        assertThat(push(server, "/api/inbox/push", event(user, "fence", "end")).status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> socket.frames("fence").size() == 1);
    }

    private static String fenceFrame() {
        return "{\"type\":\"fence\",\"data\":\"end\"}";
    }

    /** The frames after {@code connection_established}, as received. */
    private static List<String> events(SeedSocket socket) {
        return socket.frames().stream().filter(f -> !f.path("type").asText().equals("connection_established"))
                .map(Json::write).toList();
    }

    private static SeedSocket socket(TestServer server, String user, String extraQuery) {
        SeedSocket socket = SeedSocket.open(server.port(), TestServer.userPath(user) + "?token=" + server.token(user) + extraQuery);
        await().atMost(WAIT).until(() -> socket.frames("connection_established").size() == 1);
        return socket;
    }
}

package io.switchboard.tests.delta;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.delta.FossilDelta;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.RawWebSocket;
import java.io.IOException;
import java.net.URLEncoder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Delta compression on a real node, read off the wire with a plain WebSocket client: a document channel (a 2 KB JSON
 * document with one field changing per publication) sends its subscribers that asked for deltas a Fossil delta of
 * each publication after the first, which applied to the previous data gives the document the backend published;
 * a subscriber that did not ask, and a namespace that does not allow deltas, get full data.
 */
@SwitchboardTest(settings = {
        "namespace.doc.delta=fossil",
        "namespace.doc.history-size=50",
        "namespace.plain.history-size=10"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeltaCompressionTest {
    private final TestServer server;
    /** Publications a socket received before the reply to its subscribe. */
    private final Map<RawWebSocket, java.util.Deque<String>> early = new java.util.IdentityHashMap<>();

    DeltaCompressionTest(TestServer server) {
        this.server = server;
    }

    @Test
    void the_ack_grants_deltas_only_where_the_namespace_allows_them() {
        try (TestClient alice = server.client("alice")) {
            Reply granted = alice.request("subscribe", Map.of("channel", "doc:ack", "delta", "fossil"));
            assertThat(granted.data().path("delta").asBoolean()).as("ack %s", granted).isTrue();

            Reply quiet = alice.request("subscribe", Map.of("channel", "plain:ack", "delta", "fossil"));
            assertThat(quiet.isError()).isFalse();
            assertThat(quiet.data().has("delta")).as("ack %s", quiet).isFalse();

            Reply bad = alice.request("subscribe", Map.of("channel", "doc:other", "delta", "xdelta"));
            assertThat(bad.errorCode()).isEqualTo("invalid_field");
            assertThat(bad.errorField()).isEqualTo("data.delta");
            assertThat(alice.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void a_delta_subscriber_gets_deltas_on_the_wire_that_rebuild_every_document() throws IOException {
        try (RawWebSocket withDeltas = open("alice"); RawWebSocket without = open("bob")) {
            subscribe(withDeltas, "doc:inventory", true);
            subscribe(without, "doc:inventory", false);
            byte[] base = null;
            for (int version = 1; version <= 6; version++) {
                ObjectNode document = Documents.inventory(version);
                assertThat(server.http().publish("doc:inventory", document).status()).isEqualTo(202);

                String frame = nextPublication(withDeltas);
                JsonNode parsed = Json.parse(frame);
                String full = nextPublication(without);
                assertThat(Json.parse(full).has("delta")).isFalse();
                assertThat(Json.parse(full).path("data")).isEqualTo(document);
                if (version == 1) {
                    assertThat(parsed.has("delta")).as("first publication after subscribe is full: %s", frame).isFalse();
                    assertThat(parsed.path("data")).isEqualTo(document);
                    base = rawData(frame).getBytes(UTF_8);
                } else {
                    assertThat(parsed.path("delta").asBoolean()).as("frame %s", frame).isTrue();
                    assertThat(parsed.path("data").isTextual()).isTrue();
                    assertThat(frame.length()).as("the delta frame against the full one").isLessThan(full.length() / 5);
                    base = FossilDelta.apply(base, parsed.path("data").asText().getBytes(UTF_8));
                    assertThat(Json.parse(new String(base, UTF_8))).isEqualTo(document);
                }
            }
        }
    }

    @Test
    void a_subscriber_that_joins_later_gets_a_full_publication_while_the_others_get_the_delta() throws IOException {
        java.util.List<RawWebSocket> early = new java.util.ArrayList<>();
        try (RawWebSocket late = open("late")) {
            for (int i = 0; i < 4; i++) {
                early.add(open("early-" + i));
                subscribe(early.get(i), "doc:crowd", true);
            }
            Map<RawWebSocket, byte[]> bases = new java.util.IdentityHashMap<>();
            for (int version = 1; version <= 4; version++) {
                if (version == 3) {
                    subscribe(late, "doc:crowd", true);
                }
                server.http().publish("doc:crowd", Documents.inventory(version));
                java.util.List<RawWebSocket> readers = new java.util.ArrayList<>(early);
                if (version >= 3) {
                    readers.add(late);
                }
                for (RawWebSocket socket : readers) {
                    String frame = nextPublication(socket);
                    JsonNode parsed = Json.parse(frame);
                    boolean expectDelta = socket == late ? version == 4 : version > 1;
                    assertThat(parsed.path("delta").asBoolean(false)).as("version %d: %s", version, frame).isEqualTo(expectDelta);
                    byte[] base = expectDelta
                            ? FossilDelta.apply(bases.get(socket), parsed.path("data").asText().getBytes(UTF_8))
                            : rawData(frame).getBytes(UTF_8);
                    bases.put(socket, base);
                    assertThat(Json.parse(new String(base, UTF_8))).isEqualTo(Documents.inventory(version));
                }
            }
        } finally {
            for (RawWebSocket socket : early) {
                socket.close();
            }
        }
    }

    @Test
    void a_namespace_without_deltas_sends_full_data_to_a_subscriber_that_asked() throws IOException {
        try (RawWebSocket socket = open("alice")) {
            subscribe(socket, "plain:inventory", true);
            for (int version = 1; version <= 3; version++) {
                server.http().publish("plain:inventory", Documents.inventory(version));
                JsonNode frame = Json.parse(nextPublication(socket));
                assertThat(frame.has("delta")).isFalse();
                assertThat(frame.path("data")).isEqualTo(Documents.inventory(version));
            }
        }
    }

    @Test
    void after_a_recovery_the_first_live_publication_is_full_and_deltas_follow() throws IOException {
        String epoch;
        long offset;
        try (RawWebSocket first = open("alice")) {
            subscribe(first, "doc:recovered", true);
            server.http().publish("doc:recovered", Documents.inventory(1));
            JsonNode frame = Json.parse(nextPublication(first));
            epoch = frame.path("epoch").asText();
            offset = frame.path("offset").asLong();
        }
        server.http().publish("doc:recovered", Documents.inventory(2));
        server.http().publish("doc:recovered", Documents.inventory(3));
        try (RawWebSocket again = open("alice")) {
            ObjectNode data = Json.object().put("channel", "doc:recovered").put("delta", "fossil");
            data.putObject("recover").put("epoch", epoch).put("offset", offset);
            JsonNode ack = request(again, data);
            assertThat(ack.path("data").path("recovered").asBoolean()).as("ack %s", ack).isTrue();
            assertThat(ack.path("data").path("delta").asBoolean()).isTrue();
            for (int version = 2; version <= 3; version++) {
                JsonNode replayed = Json.parse(nextPublication(again));
                assertThat(replayed.has("delta")).isFalse();
                assertThat(replayed.path("data")).isEqualTo(Documents.inventory(version));
            }
            server.http().publish("doc:recovered", Documents.inventory(4));
            String live = nextPublication(again);
            assertThat(Json.parse(live).has("delta")).as("first live after recovery: %s", live).isFalse();
            assertThat(Json.parse(live).path("data")).isEqualTo(Documents.inventory(4));

            server.http().publish("doc:recovered", Documents.inventory(5));
            JsonNode next = Json.parse(nextPublication(again));
            assertThat(next.path("delta").asBoolean()).isTrue();
            byte[] rebuilt = FossilDelta.apply(rawData(live).getBytes(UTF_8), next.path("data").asText().getBytes(UTF_8));
            assertThat(Json.parse(new String(rebuilt, UTF_8))).isEqualTo(Documents.inventory(5));
        }
    }

    private RawWebSocket open(String user) throws IOException {
        RawWebSocket socket = RawWebSocket.open(server.port(),
                "/ws?token=" + URLEncoder.encode(server.token(user), UTF_8), Duration.ofSeconds(10));
        assertThat(Json.parse(socket.nextFrame().text()).path("type").asText()).isEqualTo("connection_established");
        return socket;
    }

    private void subscribe(RawWebSocket socket, String channel, boolean delta) throws IOException {
        ObjectNode data = Json.object().put("channel", channel);
        if (delta) {
            data.put("delta", "fossil");
        }
        JsonNode ack = request(socket, data);
        assertThat(ack.path("type").asText()).as("reply %s", ack).isEqualTo("ack");
    }

    /** Sends a subscribe and returns its reply; the publications that came first (recovered ones) are kept. */
    private JsonNode request(RawWebSocket socket, ObjectNode data) throws IOException {
        ObjectNode envelope = Json.object().put("type", "subscribe").put("id", "s1");
        envelope.set("data", data);
        socket.sendFrame(RawWebSocket.OP_TEXT, Json.bytes(envelope), true);
        while (true) {
            String text = socket.nextFrame().text();
            JsonNode frame = Json.parse(text);
            if ("s1".equals(frame.path("id").asText())) {
                return frame;
            }
            if ("message".equals(frame.path("type").asText())) {
                early.computeIfAbsent(socket, s -> new java.util.ArrayDeque<>()).add(text);
            }
        }
    }

    /** The next publication frame's text, skipping anything else (join, pings). */
    private String nextPublication(RawWebSocket socket) throws IOException {
        java.util.Deque<String> kept = early.get(socket);
        if (kept != null && !kept.isEmpty()) {
            return kept.poll();
        }
        while (true) {
            RawWebSocket.Frame frame = socket.nextFrame();
            String text = frame.text();
            if ("message".equals(Json.parse(text).path("type").asText())) {
                return text;
            }
        }
    }

    /** The exact text of a frame's top-level {@code data}: the base a client applies the next delta to. */
    static String rawData(String frame) throws IOException {
        try (JsonParser p = Json.mapper().getFactory().createParser(frame)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                int start = (int) p.currentTokenLocation().getCharOffset();
                p.skipChildren();
                if ("data".equals(name)) {
                    int end = (int) p.currentLocation().getCharOffset();
                    return frame.substring(start, end);
                }
            }
        }
        throw new AssertionError("no data in " + frame);
    }
}

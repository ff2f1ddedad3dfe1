package io.switchboard.tests.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MsgPack;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The binary protocol (docs/PROTOCOL.md "Binary protocol (MessagePack), version 1"): a socket that offers
 * {@code switchboard.msgpack} gets it in the 101 answer, and from then on every frame both ways is a MessagePack
 * binary frame carrying the same envelope as JSON; JSON sockets on the same channel keep their text frames.
 */
@SwitchboardTest(settings = {"channel-history=public=10/60s",
        "namespace.chat.presence=true", "namespace.chat.join-leave=true", "namespace.chat.client-presence=true",
        "namespace.chat.history-size=10", "namespace.chat.history-ttl=5m", "namespace.chat.client-history=true"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BinaryProtocolTest {
    private final TestServer server;

    BinaryProtocolTest(TestServer server) {
        this.server = server;
    }

    private TestClient msgpackClient(String user) {
        TestClient client = server.connect(ConnectOptions.tokenInQuery(server.token(user)).msgpack());
        assertThat(client.subprotocol()).isEqualTo("switchboard.msgpack");
        assertThat(client.userId()).isEqualTo(user);
        return client;
    }

    @Test
    void every_frame_the_server_sends_on_a_msgpack_socket_is_binary_messagepack_and_json_sockets_keep_text() throws Exception {
        RawSocket raw = RawSocket.open(server, "carol");
        try (TestClient bob = server.client("bob")) {
            raw.send(Map.of("type", "subscribe", "id", 1, "data", Map.of("channel", "public:raw")));
            bob.subscribe("public:raw");
            await().atMost(Duration.ofSeconds(10)).until(() -> raw.frames.size() >= 2);

            bob.publish("public:raw", Map.of("n", 1, "text", "héllo ✓"));
            JsonNode onJson = bob.awaitMessage("public:raw");
            await().atMost(Duration.ofSeconds(10)).until(() -> raw.frames.size() >= 3);
            raw.send(Map.of("type", "ping", "id", "p1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> raw.frames.size() >= 4);

            assertThat(raw.texts).as("no text frame on a msgpack socket").isEmpty();
            List<JsonNode> frames = raw.decoded();
            assertThat(frames).extracting(f -> f.path("type").asText())
                    .containsExactly("connection_established", "ack", "message", "pong");
            assertThat(frames.get(0).at("/data/user_id").asText()).isEqualTo("carol");
            assertThat(frames.get(1).path("id").asInt()).isEqualTo(1);
            assertThat(frames.get(1).at("/data/epoch").asText()).isNotEmpty();
            assertThat(frames.get(2)).as("the same envelope as the JSON socket's text frame").isEqualTo(onJson);
            assertThat(frames.get(3).path("id").asText()).isEqualTo("p1");
        } finally {
            raw.close();
        }
    }

    @Test
    void commands_in_messagepack_are_answered_in_messagepack_and_publications_reach_both_formats() {
        try (TestClient alice = msgpackClient("alice"); TestClient bob = server.client("bob")) {
            assertThat(alice.binaryProtocol()).isTrue();
            assertThat(bob.binaryProtocol()).isFalse();
            Reply subscribed = alice.request("subscribe", Map.of("channel", "public:both"));
            subscribed.assertAck();
            String epoch = subscribed.data().path("epoch").asText();
            bob.subscribe("public:both");

            ObjectNode data = (ObjectNode) Json.parse("{\"s\":\"ünïcode ✓\",\"i\":-5,\"big\":9007199254740993,"
                    + "\"f\":1.5,\"t\":true,\"n\":null,\"a\":[1,\"two\",{\"three\":3}],\"o\":{}}");
            alice.publish("public:both", data);
            JsonNode onMsgpack = alice.awaitMessage("public:both");
            JsonNode onJson = bob.awaitMessage("public:both");
            assertThat(onMsgpack).isEqualTo(onJson);
            assertThat(onMsgpack.path("data")).isEqualTo(data);
            assertThat(onMsgpack.path("epoch").asText()).isEqualTo(epoch);
            assertThat(onMsgpack.path("offset").asLong()).isEqualTo(1);

            bob.publish("public:both", List.of("from", "json"));
            assertThat(alice.awaitMessage("public:both").path("data")).isEqualTo(Json.parse("[\"from\",\"json\"]"));

            Reply unknown = alice.request("no_such_type", null);
            assertThat(unknown.errorCode()).isEqualTo("unknown_type");
            assertThat(unknown.errorField()).isEqualTo("type");
            alice.unsubscribe("public:both");
            assertThat(alice.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void recovery_replays_missed_publications_in_messagepack() {
        try (TestClient alice = msgpackClient("alice"); TestClient bob = server.client("bob")) {
            Reply first = alice.request("subscribe", Map.of("channel", "public:missed"));
            String epoch = first.assertAck().data().path("epoch").asText();
            alice.unsubscribe("public:missed");
            bob.publish("public:missed", Map.of("n", 1));
            bob.publish("public:missed", Map.of("n", 2));

            Reply again = alice.request("subscribe", Map.of("channel", "public:missed",
                    "recover", Map.of("epoch", epoch, "offset", 0)));
            assertThat(alice.awaitMessage("public:missed", Duration.ZERO).at("/data/n").asInt()).isEqualTo(1);
            assertThat(alice.awaitMessage("public:missed", Duration.ZERO).at("/data/n").asInt()).isEqualTo(2);
            assertThat(again.assertAck().data().path("recovered").asBoolean()).isTrue();
        }
    }

    @Test
    void join_leave_presence_history_and_a_server_side_unsubscribe_reach_a_msgpack_socket() {
        try (TestClient alice = msgpackClient("alice")) {
            alice.subscribe("chat:room");
            String bobSession;
            try (TestClient bob = server.client("bob")) {
                bob.subscribe("chat:room");
                bobSession = bob.sessionId();
                assertThat(alice.awaitPush("join").at("/data/user_id").asText()).as("alice's own join").isEqualTo("alice");
                JsonNode join = alice.awaitPush("join");
                assertThat(join.at("/data/session_id").asText()).isEqualTo(bobSession);
                assertThat(join.path("channel").asText()).isEqualTo("chat:room");
                Reply presence = alice.request("presence", Map.of("channel", "chat:room"));
                assertThat(presence.assertAck().data().path("clients").size()).isEqualTo(2);
                bob.publish("chat:room", Map.of("said", "hi"));
                alice.awaitMessage("chat:room");
            }
            JsonNode leave = alice.awaitPush("leave");
            assertThat(leave.at("/data/session_id").asText()).isEqualTo(bobSession);
            Reply history = alice.request("history", Map.of("channel", "chat:room", "limit", 10));
            assertThat(history.assertAck().data().path("publications").get(0).at("/data/said").asText()).isEqualTo("hi");

            assertThat(server.http().postJson("/api/unsubscribe", Map.of("user", "alice", "channel", "chat:room"),
                    Map.of("X-Api-Key", server.apiKey())).status()).isEqualTo(200);
            JsonNode unsubscribed = alice.awaitPush("unsubscribed");
            assertThat(unsubscribed.path("channel").asText()).isEqualTo("chat:room");
        }
    }

    @Test
    void a_users_events_come_in_messagepack_and_acks_in_messagepack_are_taken() {
        ConnectOptions options = ConnectOptions.tokenInQuery(server.token("ada")).msgpack()
                .path(TestServer.userPath("ada")).query("delivery", "ack");
        try (TestClient ada = server.connect(options)) {
            ada.awaitEstablished();
            assertThat(ada.binaryProtocol()).isTrue();
            for (int i = 1; i <= 2; i++) {
                assertThat(server.http().postJson("/api/inbox/events", Map.of("user_id", "ada", "type", "note",
                        "data", Map.of("n", i)), Map.of("X-Api-Key", server.apiKey())).status()).isEqualTo(201);
            }
            List<Long> seqs = ada.awaitEvents(2);
            ada.ackEvents(seqs.get(1)).assertAck();
        }
        try (TestClient again = server.userClient("ada")) {
            again.assertNoPush(Duration.ofMillis(300));
        }
    }

    @Test
    void the_binary_protocol_is_chosen_next_to_a_bearer_token_and_the_clients_first_choice_wins() {
        String token = server.token("dora");
        try (TestClient first = server.connect(ConnectOptions.tokenInSubprotocol(token).msgpack());
             TestClient jsonFirst = server.connect(ConnectOptions.tokenInSubprotocol(token).subprotocols("switchboard.msgpack"))) {
            assertThat(first.subprotocol()).isEqualTo("switchboard.msgpack");
            assertThat(first.ping().path("type").asText()).isEqualTo("pong");
            assertThat(jsonFirst.subprotocol()).isEqualTo("switchboard");
            assertThat(jsonFirst.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void malformed_messagepack_gets_bad_msgpack_and_the_socket_keeps_serving() {
        try (TestClient alice = msgpackClient("alice")) {
            assertBad(alice, new byte[] {(byte) 0xc1}, "bad_msgpack", "not valid MessagePack");
            assertBad(alice, new byte[] {(byte) 0x81, (byte) 0xa4, 't', 'y'}, "bad_msgpack", "not valid MessagePack");
            assertBad(alice, MsgPack.write(Json.parse("[\"ping\"]")), "bad_msgpack", "must be a MessagePack map");
            byte[] ping = MsgPack.write(Json.parse("{\"type\":\"ping\"}"));
            byte[] twice = new byte[ping.length * 2];
            System.arraycopy(ping, 0, twice, 0, ping.length);
            System.arraycopy(ping, 0, twice, ping.length, ping.length);
            assertBad(alice, twice, "bad_msgpack", "trailing bytes");
            // {"type":"ping","data":<bin 3>}
            assertBad(alice, new byte[] {(byte) 0x82, (byte) 0xa4, 't', 'y', 'p', 'e', (byte) 0xa4, 'p', 'i', 'n', 'g',
                    (byte) 0xa4, 'd', 'a', 't', 'a', (byte) 0xc4, 3, 1, 2, 3}, "bad_msgpack", "bin and ext");
            // {1: "ping"}: a key that is not a string
            assertBad(alice, new byte[] {(byte) 0x81, 1, (byte) 0xa4, 'p', 'i', 'n', 'g'}, "bad_msgpack", "keys must be strings");
            // {"type":"ping","data":NaN}
            byte[] nan = {(byte) 0x82, (byte) 0xa4, 't', 'y', 'p', 'e', (byte) 0xa4, 'p', 'i', 'n', 'g',
                    (byte) 0xa4, 'd', 'a', 't', 'a', (byte) 0xcb, 0x7f, (byte) 0xf8, 0, 0, 0, 0, 0, 0};
            assertBad(alice, nan, "bad_msgpack", "finite");
            assertBad(alice, MsgPack.write(Json.object().put("type", "ping").set("data", deepArray(100))),
                    "bad_msgpack", "levels deep");

            alice.send("{\"type\":\"ping\",\"id\":\"t\"}");
            Reply text = alice.awaitError();
            assertThat(text.errorCode()).isEqualTo("bad_msgpack");
            assertThat(text.errorMessage()).contains("text frames");

            ObjectNode unknownField = Json.object().put("type", "ping").put("id", 42).put("extra", 1);
            alice.sendEnvelope(unknownField);
            Reply unknown = alice.awaitReply("42");
            assertThat(unknown.errorCode()).isEqualTo("unknown_field");
            assertThat(unknown.errorField()).isEqualTo("extra");

            ObjectNode badId = Json.object().put("type", "ping");
            badId.set("id", Json.parse("[1]"));
            alice.sendEnvelope(badId);
            assertThat(alice.awaitError().errorCode()).isEqualTo("invalid_field");

            assertThat(alice.ping().path("type").asText()).as("the socket still serves").isEqualTo("pong");
            assertThat(alice.isOpen()).isTrue();
        }
    }

    @Test
    void a_json_socket_still_refuses_binary_frames_and_names_the_binary_protocol() {
        try (TestClient bob = server.client("bob")) {
            bob.sendBinary(MsgPack.write(Json.parse("{\"type\":\"ping\"}")));
            Reply refused = bob.awaitError();
            assertThat(refused.errorCode()).isEqualTo("bad_json");
            assertThat(refused.errorMessage()).contains("switchboard.msgpack");
            assertThat(bob.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    private static JsonNode deepArray(int depth) {
        JsonNode node = Json.mapper().createArrayNode();
        for (int i = 1; i < depth; i++) {
            node = Json.mapper().createArrayNode().add(node);
        }
        return node;
    }

    private static void assertBad(TestClient client, byte[] frame, String code, String message) {
        client.sendBinary(frame);
        Reply error = client.awaitError();
        assertThat(error.errorCode()).as("%s", error).isEqualTo(code);
        assertThat(error.errorMessage()).as("%s", error).contains(message);
    }

    /** A msgpack socket on the JDK's WebSocket that keeps every frame as it came: binary or text. */
    static final class RawSocket implements WebSocket.Listener {
        final List<byte[]> frames = new CopyOnWriteArrayList<>();
        final List<String> texts = new CopyOnWriteArrayList<>();
        private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
        private WebSocket socket;

        static RawSocket open(TestServer server, String user) throws Exception {
            RawSocket raw = new RawSocket();
            raw.socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("switchboard.msgpack")
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws?token=" + server.token(user)), raw)
                    .get(10, TimeUnit.SECONDS);
            assertThat(raw.socket.getSubprotocol()).isEqualTo("switchboard.msgpack");
            await().atMost(Duration.ofSeconds(10)).until(() -> !raw.frames.isEmpty());
            return raw;
        }

        void send(Object envelope) {
            socket.sendBinary(ByteBuffer.wrap(MsgPack.write(Json.mapper().valueToTree(envelope))), true).join();
        }

        List<JsonNode> decoded() {
            return frames.stream().map(MsgPack::read).collect(java.util.stream.Collectors.toList());
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                frames.add(partial.toByteArray());
                partial.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            texts.add(data.toString());
            webSocket.request(1);
            return null;
        }

        void close() {
            socket.abort();
        }
    }
}

package io.switchboard.tests.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsNode;
import io.switchboard.tests.support.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * socket.io-client 4 from npm, unmodified, against the node's {@code /socket.io/}: it connects with
 * {@code auth: {token}} over both default transports (polling, then the upgrade to WebSocket) and over WebSocket
 * alone, a bad token gets {@code connect_error} with the reason, acks come back, and rooms are channels.
 */
@NeedsNode
@SwitchboardTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SocketIoClientTest {

    @Test
    void the_default_transports_connect_with_a_token_and_upgrade_from_polling_to_websocket(TestServer server) throws Exception {
        try (SocketIoNode node = SocketIoNode.start("http://127.0.0.1:" + server.port())) {
            JsonNode connected = node.connected("a", server.token("alice"), null);
            assertThat(connected.get("id").asText()).isNotBlank();
            assertThat(node.awaitEvent("a", "open").get("transport").asText()).isEqualTo("polling");
            assertThat(node.awaitEvent("a", "upgrade").get("transport").asText()).isEqualTo("websocket");
            ArrayNode ack = node.emitWithAck("a", "join", "public:lobby");
            assertThat(ack).isEmpty();
        }
    }

    @Test
    void websocket_only_clients_connect_without_polling(TestServer server) throws Exception {
        try (SocketIoNode node = SocketIoNode.start("http://127.0.0.1:" + server.port())) {
            JsonNode connected = node.connected("ws", server.token("bob"),
                    Json.object().set("transports", Json.mapper().createArrayNode().add("websocket")));
            assertThat(connected.get("transport").asText()).isEqualTo("websocket");
            assertThat(node.emitWithAck("ws", "join", "public:lobby")).isEmpty();
        }
    }

    @Test
    void a_bad_or_missing_token_gets_connect_error_with_the_reason(TestServer server) throws Exception {
        try (SocketIoNode node = SocketIoNode.start("http://127.0.0.1:" + server.port())) {
            node.connect("forged", Tokens.signedWithAnotherKey("mallory"), null);
            JsonNode forged = node.awaitEvent("forged", "connect_error");
            assertThat(forged.get("message").asText()).isEqualTo("token signature is invalid");
            assertThat(forged.at("/data/code").asInt()).isEqualTo(4002);
            node.connect("none", null, null);
            assertThat(node.awaitEvent("none", "connect_error").get("message").asText()).startsWith("no token");
        }
    }

    @Test
    void an_event_with_an_ack_gets_its_answer_and_a_refusal_names_the_field(TestServer server) throws Exception {
        try (SocketIoNode node = SocketIoNode.start("http://127.0.0.1:" + server.port())) {
            node.connected("a", server.token("alice"), null);
            ArrayNode refused = node.emitWithAck("a", "join", "no-colon");
            assertThat(refused.get(0).at("/error/code").asText()).isEqualTo("invalid_field");
            assertThat(refused.get(0).at("/error/field").asText()).isEqualTo("args[0]");
            ArrayNode forbidden = node.emitWithAck("a", "join", "secret:vault");
            assertThat(forbidden.get(0).at("/error/code").asText()).isEqualTo("forbidden");
            ArrayNode unknown = node.emitWithAck("a", "no_such_event", Map.of());
            assertThat(unknown.get(0).at("/error/code").asText()).isEqualTo("unknown_type");
            assertThat(node.emitWithAck("a", "join", Map.of("room", "public:lobby"))).isEmpty();
        }
    }

    @Test
    void a_socket_in_a_room_receives_what_is_published_on_its_channel(TestServer server) throws Exception {
        try (SocketIoNode node = SocketIoNode.start("http://127.0.0.1:" + server.port())) {
            node.connected("polling", server.token("alice"), Json.object().set("transports",
                    Json.mapper().createArrayNode().add("polling")));
            node.connected("ws", server.token("bob"), Json.object().set("transports",
                    Json.mapper().createArrayNode().add("websocket")));
            assertThat(node.emitWithAck("polling", "join", "public:news")).isEmpty();
            assertThat(node.emitWithAck("ws", "join", "public:news")).isEmpty();

            HttpResponse<String> published = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/api/publish"))
                    .header("Content-Type", "application/json").header("X-Api-Key", server.apiKey())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"public:news\",\"data\":{\"headline\":\"hi\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(published.statusCode()).isEqualTo(202);

            for (String name : new String[] {"polling", "ws"}) {
                ArrayNode message = node.awaitEmit(name, "message");
                assertThat(message.get(0).get("headline").asText()).isEqualTo("hi");
                assertThat(message.get(1).get("channel").asText()).isEqualTo("public:news");
            }
            assertThat(node.emitWithAck("ws", "leave", "public:news")).isEmpty();
        }
    }

    @Test
    void an_unknown_namespace_gets_connect_error_invalid_namespace(TestServer server) throws Exception {
        try (SocketIoNode node = SocketIoNode.start("http://127.0.0.1:" + server.port())) {
            node.connectTo("admin", "/admin", server.token("alice"), null);
            assertThat(node.awaitEvent("admin", "connect_error").get("message").asText()).isEqualTo("Invalid namespace");
        }
    }

    @Test
    void a_binary_event_is_refused_with_an_error_and_the_socket_keeps_working(TestServer server) throws Exception {
        try (SocketIoNode node = SocketIoNode.start("http://127.0.0.1:" + server.port())) {
            node.connected("a", server.token("alice"), null);
            ArrayNode refused = node.emitWithAck("a", "join", Map.of("$binary", "AAEC"));
            assertThat(refused.get(0).at("/error/code").asText()).isEqualTo("bad_json");
            assertThat(refused.get(0).at("/error/message").asText()).startsWith("binary attachments are not supported");
            node.emit("a", "join", Map.of("$binary", "AAEC"));
            assertThat(node.awaitEmit("a", "error").get(0).get("code").asText()).isEqualTo("bad_json");
            assertThat(node.emitWithAck("a", "join", "public:lobby")).isEmpty();
        }
    }

    @Test
    void a_socket_whose_token_expires_is_disconnected_by_the_server(TestServer server) throws Exception {
        try (SocketIoNode node = SocketIoNode.start("http://127.0.0.1:" + server.port())) {
            node.connected("short", server.token("alice", java.time.Duration.ofSeconds(2)), null);
            assertThat(node.awaitEvent("short", "disconnect").get("reason").asText()).isEqualTo("io server disconnect");
        }
    }
}

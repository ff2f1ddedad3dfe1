package io.switchboard.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.server.socketio.SocketIoSettings;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Socket.IO mapping is documented: every client event a node with the social app handles is in docs/asyncapi.yaml
 * ({@code x-socketio}) and in docs/PROTOCOL.md's Socket.IO section, and every Socket.IO setting in README's table.
 */
@Timeout(60)
class SocketIoDocsTest extends AppDocsTest {
    @BeforeAll
    static void start() throws IOException {
        open("social", Map.of(), new UsersApp(), new SocialApp());
    }

    @Test
    void every_client_event_is_described_in_asyncapi_and_the_protocol() {
        Set<String> handled = node.socketIo().events();
        assertThat(handled).contains("join", "leave", "publish", "join_post", "join_conversation", "send_message", "typing");
        Set<String> described = new TreeSet<>();
        asyncapi.at("/channels/socketio/x-socketio/events/clientToServer").fieldNames().forEachRemaining(described::add);
        assertThat(described).isEqualTo(handled);
        assertThat(asyncapi.at("/channels/socketio/address").asText()).isEqualTo(node.settings().socketIo().path());
        String section = protocol.substring(protocol.indexOf("## Socket.IO"));
        for (String event : handled) {
            assertThat(section).as("PROTOCOL.md's Socket.IO section names %s", event).contains("`" + event + "`");
        }
    }

    @Test
    void openapi_documents_the_polling_answers_a_node_gives() throws Exception {
        String base = "http://127.0.0.1:" + node.port() + "/socket.io/?EIO=4&transport=polling";
        java.net.http.HttpResponse<String> open = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        java.net.http.HttpResponse<String> unknown = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "&sid=nope")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertAnswer("get", open, "text/plain");
        assertAnswer("get", unknown, "application/json");
        assertThat(unknown.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        String sid = io.switchboard.protocol.Json.parse(open.body().substring(1)).get("sid").asText();
        java.net.http.HttpResponse<String> tooBig = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "&sid=" + sid))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("4" + "x".repeat(1_000_001))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertAnswer("post", tooBig, "application/json");
        assertThat(tooBig.statusCode()).isEqualTo(413);
    }

    private static void assertAnswer(String method, java.net.http.HttpResponse<String> response, String mediaType) {
        com.fasterxml.jackson.databind.JsonNode responses = openapi.at("/paths/~1socket.io~1/" + method + "/responses");
        String status = String.valueOf(response.statusCode());
        assertThat(responses.has(status)).as("%s /socket.io/ answered %s", method, status).isTrue();
        assertThat(Docs.resolve(openapi, responses.get(status)).path("content").has(mediaType)).isTrue();
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(mediaType);
    }

    @Test
    void every_setting_is_in_the_readme_with_its_default() {
        String readme = Docs.text("../README.md");
        for (String key : SocketIoSettings.KEYS) {
            assertThat(readme).contains("`" + key + "`");
        }
        assertThat(protocol).contains("\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000");
    }
}

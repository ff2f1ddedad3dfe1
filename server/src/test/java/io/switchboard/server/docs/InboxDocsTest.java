package io.switchboard.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.assistant.AssistantApp;
import io.switchboard.server.Settings;
import io.switchboard.server.inbox.InboxSettings;
import io.switchboard.server.inbox.UserSocket;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-user events, channel recovery and the assistant are documented: docs/asyncapi.yaml has the
 * {@code userEvents} socket with every type its sessions handle and the events they get, docs/openapi.yaml the
 * inbox and assistant routes with their statuses, docs/PROTOCOL.md the sections and settings, and a node answers
 * as they say.
 */
@Timeout(60)
class InboxDocsTest extends AppDocsTest {
    @BeforeAll
    static void start() throws IOException {
        open("inbox", Map.of("channel-history", "public=10/1m"), new AssistantApp());
    }

    @Test
    void asyncapi_has_the_user_socket_with_every_type_its_sessions_handle_and_every_event_they_get() {
        assertThat(asyncapi.at("/channels/userEvents/address").asText()).isEqualTo("/ws/user/{userId}");
        Set<String> handled = node.gateway().handlerSets().get(UserSocket.HANDLER_SET).types();
        assertThat(handled).contains("ack", "resume", "refresh_token", "ping", "subscribe", "unsubscribe", "publish");
        Set<String> received = new TreeSet<>();
        Set<String> sent = new TreeSet<>();
        asyncapi.path("operations").forEach(op -> {
            if (op.at("/channel/$ref").asText().equals("#/channels/userEvents")) {
                Set<String> target = op.path("action").asText().equals("receive") ? received : sent;
                Docs.resolvedList(asyncapi, op.path("messages")).forEach(m -> target.add(m.path("name").asText()));
            }
        });
        assertThat(received).containsAll(handled);
        assertThat(sent).contains("connection_established", "message_generate", "message_regenerate", "message_chunk",
                "user_event", "user_push", "message", "error");
        assertThat(asyncapi.at("/channels/userEvents/bindings/ws/query/properties").has("last_seq")).isTrue();
        assertThat(node.gateway().handledTypes()).contains("refresh_token");
        assertThat(asyncapi.at("/components/schemas/SubscribeRequest/properties/data/properties").has("recover")).isTrue();
        assertThat(asyncapi.at("/components/schemas/ChannelMessage/properties").has("offset")).isTrue();
    }

    @Test
    void the_protocol_has_the_sections_and_the_readme_the_settings() throws Exception {
        assertThat(protocol).contains("## Per-user events (inbox)").contains("## Channel recovery").contains("## Assistant (AI chat)")
                .contains("`inbox-redeliver-after`").contains("`inbox-retention`").contains("`channel-history`")
                .contains("4002** `token expired`");
        String readme = java.nio.file.Files.readString(Docs.DIR.resolve("../README.md"));
        for (String key : new String[] {"inbox-redeliver-after", "inbox-retention", "channel-history", "assistant-url",
                "assistant-key", "assistant-model"}) {
            assertThat(Stream.concat(Settings.KEYS.stream(), new AssistantApp().settingKeys().stream())).contains(key);
            assertThat(readme).as("README settings table").contains("`" + key + "`");
        }
        InboxSettings defaults = Settings.from(Map.of()).inbox();
        String flat = protocol.replaceAll("\\s+", " ");
        assertThat(flat).contains("`inbox-redeliver-after` (" + defaults.redeliverAfter().toSeconds() + "s)")
                .contains("`inbox-retention` (" + defaults.retention().toDays() + "d)");
    }

    @Test
    void openapi_has_the_inbox_and_assistant_routes_and_a_node_answers_with_their_statuses() throws Exception {
        String token = node.tokens().issue("docs-user", Duration.ofMinutes(5));
        HttpResponse<String> created = call(token, "POST", "/api/conversations/", "{\"title\":\"Docs\"}");
        assertDocumented("post", "/api/conversations/", created, 201, "Conversation");
        String conv = Json.parse(created.body()).path("uuid").asText();
        assertDocumented("get", "/api/conversations/", call(token, "GET", "/api/conversations/", null), 200, "ConversationPage");
        assertDocumented("get", "/api/conversations/", call(null, "GET", "/api/conversations/", null), 401, "Error");
        assertDocumented("get", "/api/conversations/{uuid}/", call(token, "GET", "/api/conversations/" + conv + "/", null), 200,
                "Conversation");
        assertDocumented("get", "/api/conversations/{uuid}/", call(token, "GET", "/api/conversations/nope/", null), 404, "Error");
        HttpResponse<String> sent = call(token, "POST", "/api/conversations/" + conv + "/messages/", "{\"content\":\"hi\"}");
        assertDocumented("post", "/api/conversations/{uuid}/messages/", sent, 201, "ChatMessageSent");
        assertDocumented("post", "/api/conversations/{uuid}/messages/",
                call(token, "POST", "/api/conversations/" + conv + "/messages/", "{}"), 400, "Error");
        assertDocumented("get", "/api/conversations/{uuid}/messages/",
                call(token, "GET", "/api/conversations/" + conv + "/messages/", null), 200, "ChatMessagePage");
        String reply = Json.parse(sent.body()).path("reply_uuid").asText();
        assertDocumented("post", "/api/messages/{uuid}/regenerate/", call(token, "POST", "/api/messages/" + reply + "/regenerate/", null),
                409, "Error");

        HttpResponse<String> emitted = call(null, "POST", "/api/inbox/events",
                "{\"user_id\":\"docs-user\",\"type\":\"notification\",\"data\":{\"text\":\"hi\"}}", Map.of("X-Api-Key", node.apiKey()));
        assertDocumented("post", "/api/inbox/events", emitted, 201, "UserEventStored");
        assertDocumented("post", "/api/inbox/events", call(null, "POST", "/api/inbox/events", "{}"), 401, "Error");
        HttpResponse<String> pushed = call(null, "POST", "/api/inbox/push",
                "[{\"user_id\":\"docs-user\",\"type\":\"message_token\",\"data\":\"Hel\"}]", Map.of("X-Api-Key", node.apiKey()));
        assertDocumented("post", "/api/inbox/push", pushed, 202, "UserEventsPushed");
        assertThat(openapi.at("/paths/~1api~1inbox~1push/post/operationId").asText()).isEqualTo("pushUserEvents");
        assertDocumented("post", "/api/inbox/push", call(null, "POST", "/api/inbox/push",
                "{\"user_id\":\"docs-user\",\"type\":\"ack\",\"data\":1}", Map.of("X-Api-Key", node.apiKey())), 400, "Error");
        assertDocumented("post", "/api/inbox/push", call(null, "POST", "/api/inbox/push", "{}"), 401, "Error");
        Set<String> tags = new TreeSet<>();
        openapi.path("tags").forEach(t -> tags.add(t.path("name").asText()));
        assertThat(tags).contains("inbox", "assistant");
    }

    private void assertDocumented(String method, String path, HttpResponse<String> response, int expected, String schema) {
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        JsonNode responses = openapi.path("paths").path(path).path(method).path("responses");
        assertThat(responses.has(String.valueOf(expected))).as("%s %s documents %d", method, path, expected).isTrue();
        JsonNode body = Json.parse(response.body());
        JsonNode s = openapi.at("/components/schemas/" + schema);
        Set<String> required = new TreeSet<>();
        s.path("required").forEach(f -> required.add(f.asText()));
        s.path("allOf").forEach(part -> Docs.resolve(openapi, part).path("required").forEach(f -> required.add(f.asText())));
        assertThat(required).as("required of %s", schema).isNotEmpty();
        required.forEach(f -> assertThat(body.has(f)).as("%s in %s (%s)", f, body, schema).isTrue());
    }

    private HttpResponse<String> call(String token, String method, String path, String body) throws Exception {
        return call(token, method, path, body, Map.of());
    }

}

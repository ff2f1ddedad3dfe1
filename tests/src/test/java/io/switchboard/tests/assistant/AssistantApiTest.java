package io.switchboard.tests.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.assistant.AssistantApp;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The assistant's REST API: conversations, their messages, and the rules each body follows. */
@SwitchboardTest(apps = AssistantApp.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AssistantApiTest {

    @Test
    void a_conversation_is_created_listed_and_read_by_its_owner(TestServer server) {
        AssistantHttp ada = new AssistantHttp(server, "ada");
        HttpReply created = ada.post("/api/conversations/", Json.object().put("title", "  Trip plans "));
        assertThat(created.status()).isEqualTo(201);
        JsonNode conv = created.json();
        assertThat(UUID.fromString(conv.path("uuid").asText())).isNotNull();
        assertThat(conv.path("title").asText()).isEqualTo("Trip plans");
        assertThat(conv.path("message_count").asInt()).isZero();

        HttpReply untitled = server.http().post("/api/conversations", null, "", Map.of("Authorization", "Bearer " + server.token("ada")));
        assertThat(untitled.status()).isEqualTo(201);
        assertThat(untitled.json().path("title").asText()).isEqualTo("New conversation");

        JsonNode list = ada.get("/api/conversations/").json();
        assertThat(list.path("results")).hasSize(2);
        assertThat(list.at("/results/0/uuid").asText()).isEqualTo(untitled.json().path("uuid").asText());
        assertThat(list.path("next_cursor").isNull()).isTrue();

        JsonNode page = ada.get("/api/conversations/?limit=1").json();
        assertThat(page.path("results")).hasSize(1);
        JsonNode next = ada.get("/api/conversations/?limit=1&cursor=" + page.path("next_cursor").asText()).json();
        assertThat(next.at("/results/0/uuid").asText()).isEqualTo(conv.path("uuid").asText());

        assertThat(ada.get("/api/conversations/" + conv.path("uuid").asText() + "/").json().path("title").asText())
                .isEqualTo("Trip plans");
    }

    @Test
    void a_message_is_stored_with_201_and_listed_with_its_reply_placeholder_or_reply(TestServer server) {
        AssistantHttp grace = new AssistantHttp(server, "grace");
        String conv = grace.conversation("Questions");
        HttpReply sent = grace.post("/api/conversations/" + conv + "/messages/", Json.object().put("content", "What is a compiler?"));

        assertThat(sent.status()).isEqualTo(201);
        JsonNode message = sent.json();
        assertThat(message.path("content").asText()).isEqualTo("What is a compiler?");
        assertThat(message.path("sender_uuid").asText()).isEqualTo("grace");
        assertThat(message.path("role").asText()).isEqualTo("user");
        assertThat(message.path("conversation_uuid").asText()).isEqualTo(conv);
        assertThat(message.path("created_at").asText()).endsWith("Z");
        assertThat(message.path("reply_uuid").asText()).isNotEmpty();

        JsonNode messages = grace.get("/api/conversations/" + conv + "/messages/").json().path("results");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("uuid").asText()).isEqualTo(message.path("uuid").asText());
        assertThat(messages.get(1).path("uuid").asText()).isEqualTo(message.path("reply_uuid").asText());
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).path("reply_to_uuid").asText()).isEqualTo(message.path("uuid").asText());
        assertThat(grace.get("/api/conversations/" + conv + "/").json().path("message_count").asInt()).isEqualTo(2);
    }

    @Test
    void bodies_are_checked_and_faults_name_their_field(TestServer server) {
        AssistantHttp alan = new AssistantHttp(server, "alan");
        String conv = alan.conversation("Checks");
        String path = "/api/conversations/" + conv + "/messages/";

        assertThat(alan.post(path, Json.object()).errorField()).isEqualTo("content");
        assertThat(alan.post(path, Json.object().put("content", "   ")).errorCode()).isEqualTo("invalid_field");
        assertThat(alan.post(path, Json.object().put("content", "x".repeat(8001))).errorCode()).isEqualTo("invalid_field");
        assertThat(alan.post(path, Json.object().put("content", "hi").put("role", "system")).errorCode()).isEqualTo("unknown_field");
        assertThat(alan.post("/api/conversations/", Json.object().put("title", 7)).errorField()).isEqualTo("title");
        assertThat(alan.get("/api/conversations/?limit=0").errorField()).isEqualTo("limit");
        HttpReply anonymous = server.http().get("/api/conversations/");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(alan.get("/api/conversations/" + conv + "/messages/").json().path("results")).isEmpty();
    }
}

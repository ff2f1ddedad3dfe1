package io.switchboard.tests.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.assistant.AssistantApp;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A message is answered in the background: the reply streams in as {@code message_chunk} pushes and arrives,
 * durably, as {@code message_generate} on the user's socket; a regeneration as {@code message_regenerate}.
 */
@SwitchboardTest(apps = AssistantApp.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AssistantRepliesTest {

    @Test
    void a_reply_streams_in_as_chunks_then_arrives_as_message_generate(TestServer server) {
        String user = UUID.randomUUID().toString();
        AssistantHttp http = new AssistantHttp(server, user);
        String conv = http.conversation("Hello");
        try (TestClient socket = server.userClient(user)) {
            JsonNode question = http.ask(conv, "Tell me about lighthouses");

            StringBuilder streamed = new StringBuilder();
            JsonNode chunk = socket.awaitPush("message_chunk");
            assertThat(chunk.has("seq")).isFalse();
            assertThat(chunk.at("/data/message_uuid").asText()).isEqualTo(question.path("reply_uuid").asText());
            assertThat(chunk.at("/data/conversation_uuid").asText()).isEqualTo(conv);
            assertThat(chunk.at("/data/index").asInt()).isZero();
            streamed.append(chunk.at("/data/delta").asText());

            JsonNode done = socket.awaitEvent();
            assertThat(done.path("type").asText()).isEqualTo("message_generate");
            assertThat(done.path("seq").asLong()).isEqualTo(1);
            JsonNode reply = done.at("/data/message");
            assertThat(reply.path("uuid").asText()).isEqualTo(question.path("reply_uuid").asText());
            assertThat(reply.path("sender_uuid").asText()).isEqualTo(AssistantApp.ASSISTANT_UUID);
            assertThat(reply.path("status").asText()).isEqualTo("complete");
            assertThat(reply.path("content").asText()).contains("Tell me about lighthouses");
            assertThat(reply.path("created_at").asText()).isNotEmpty();
            JsonNode responded = done.at("/data/response_message");
            assertThat(responded.path("conversation_uuid").asText()).isEqualTo(conv);
            assertThat(responded.path("uuid").asText()).isEqualTo(question.path("uuid").asText());
            assertThat(responded.path("content").asText()).isEqualTo("Tell me about lighthouses");

            // Every chunk came before the final event, in order, and together they are the reply.
            while (true) {
                try {
                    streamed.append(socket.awaitPush("message_chunk", Duration.ZERO).at("/data/delta").asText());
                } catch (AssertionError noMore) {
                    break;
                }
            }
            assertThat(streamed.toString()).isEqualTo(reply.path("content").asText());
            socket.ackEvents(1).assertAck();

            JsonNode stored = http.get("/api/conversations/" + conv + "/messages/").json().path("results").get(1);
            assertThat(stored.path("content").asText()).isEqualTo(reply.path("content").asText());
            assertThat(stored.path("status").asText()).isEqualTo("complete");
        }
    }

    @Test
    void a_regeneration_arrives_as_message_regenerate_with_a_new_version(TestServer server) {
        AssistantHttp http = new AssistantHttp(server, "regen-user");
        String conv = http.conversation("Again");
        try (TestClient socket = server.userClient("regen-user")) {
            JsonNode question = http.ask(conv, "Name a colour");
            JsonNode first = awaitFinal(socket, "message_generate");
            String replyUuid = first.at("/data/message/uuid").asText();

            HttpReply started = http.post("/api/messages/" + replyUuid + "/regenerate/", Json.object());
            assertThat(started.status()).isEqualTo(202);
            assertThat(started.json().path("status").asText()).isEqualTo("generating");
            assertThat(started.json().path("version").asInt()).isEqualTo(2);
            assertThat(http.post("/api/messages/" + replyUuid + "/regenerate/", Json.object()).errorCode()).isEqualTo("conflict");

            JsonNode again = awaitFinal(socket, "message_regenerate");
            assertThat(again.path("seq").asLong()).isEqualTo(first.path("seq").asLong() + 1);
            assertThat(again.at("/data/message/uuid").asText()).isEqualTo(replyUuid);
            assertThat(again.at("/data/message/version").asInt()).isEqualTo(2);
            assertThat(again.at("/data/message/content").asText()).startsWith("Another take");
            assertThat(again.at("/data/response_message/uuid").asText()).isEqualTo(question.path("uuid").asText());

            // The user message's uuid names its reply too.
            assertThat(http.post("/api/messages/" + question.path("uuid").asText() + "/regenerate/", Json.object()).status())
                    .isEqualTo(202);
            assertThat(awaitFinal(socket, "message_regenerate").at("/data/message/version").asInt()).isEqualTo(3);
        }
    }

    @Test
    void a_reply_written_while_the_user_is_offline_is_delivered_after_the_reconnect(TestServer server) {
        AssistantHttp http = new AssistantHttp(server, "offline-user");
        String conv = http.conversation("Later");
        long seen;
        try (TestClient socket = server.userClient("offline-user")) {
            http.ask(conv, "first");
            seen = awaitFinal(socket, "message_generate").path("seq").asLong();
        }
        http.ask(conv, "second");
        http.ask(conv, "third");
        sleep(2500);
        try (TestClient back = server.userClient("offline-user", seen)) {
            JsonNode a = back.awaitEvent();
            JsonNode b = back.awaitEvent();
            assertThat(a.path("seq").asLong()).isEqualTo(seen + 1);
            assertThat(b.path("seq").asLong()).isEqualTo(seen + 2);
            assertThat(a.at("/data/response_message/content").asText() + b.at("/data/response_message/content").asText())
                    .isIn("secondthird", "thirdsecond");
            back.assertNoPush(Duration.ofMillis(300));
        }
    }

    static JsonNode awaitFinal(TestClient socket, String type) {
        JsonNode event = socket.timeout(Duration.ofSeconds(15)).awaitEvent();
        assertThat(event.path("type").asText()).isEqualTo(type);
        return event;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

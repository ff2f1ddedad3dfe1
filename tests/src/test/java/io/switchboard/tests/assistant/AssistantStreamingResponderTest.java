package io.switchboard.tests.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.server.apps.assistant.AssistantApp;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With {@code assistant-url} set, replies come from an OpenAI-compatible chat-completions API: its streamed tokens
 * reach the socket as {@code message_chunk} pushes, in order, before the final {@code message_generate}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AssistantStreamingResponderTest {
    private static final List<String> TOKENS = List.of("Light", "houses", " guide", " ships", " — ", "héllo ✓", ".");
    private static FakeChatCompletions model;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        model = new FakeChatCompletions(TOKENS);
        server = TestServer.start(Map.of("assistant-url", model.baseUrl() + "/", "assistant-key", "sk-test-key",
                "assistant-model", "tiny-model"), List.of(new AssistantApp()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @Test
    void the_models_tokens_arrive_as_chunks_in_order_then_the_whole_reply_as_message_generate() {
        AssistantHttp http = new AssistantHttp(server, "stream-user");
        String conv = http.conversation("Ships");
        try (TestClient socket = server.userClient("stream-user")) {
            JsonNode question = http.ask(conv, "What do lighthouses do?");

            List<String> deltas = new ArrayList<>();
            for (int i = 0; i < TOKENS.size(); i++) {
                JsonNode chunk = socket.awaitPush("message_chunk");
                assertThat(chunk.at("/data/index").asInt()).isEqualTo(i);
                assertThat(chunk.at("/data/message_uuid").asText()).isEqualTo(question.path("reply_uuid").asText());
                deltas.add(chunk.at("/data/delta").asText());
            }
            JsonNode done = socket.timeout(Duration.ofSeconds(10)).awaitEvent();

            assertThat(deltas).isEqualTo(TOKENS);
            assertThat(done.path("type").asText()).isEqualTo("message_generate");
            assertThat(done.at("/data/message/content").asText()).isEqualTo(String.join("", TOKENS));
            assertThat(done.at("/data/message/status").asText()).isEqualTo("complete");
            assertThat(done.at("/data/response_message/conversation_uuid").asText()).isEqualTo(conv);

            FakeChatCompletions.Request request = model.requests().get(model.requests().size() - 1);
            assertThat(request.authorization()).isEqualTo("Bearer sk-test-key");
            assertThat(request.body().path("model").asText()).isEqualTo("tiny-model");
            assertThat(request.body().path("stream").asBoolean()).isTrue();
            JsonNode messages = request.body().path("messages");
            assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
            assertThat(messages.get(messages.size() - 1).path("role").asText()).isEqualTo("user");
            assertThat(messages.get(messages.size() - 1).path("content").asText()).isEqualTo("What do lighthouses do?");
        }
    }

    @Test
    void the_conversation_so_far_is_sent_with_each_request() {
        AssistantHttp http = new AssistantHttp(server, "history-user");
        String conv = http.conversation("History");
        try (TestClient socket = server.userClient("history-user")) {
            http.ask(conv, "first question");
            socket.timeout(Duration.ofSeconds(10)).awaitEvent();
            http.ask(conv, "second question");
            socket.awaitEvent();
        }
        JsonNode messages = model.requests().get(model.requests().size() - 1).body().path("messages");
        List<String> seen = new ArrayList<>();
        messages.forEach(m -> seen.add(m.path("role").asText() + ":" + m.path("content").asText()));
        assertThat(seen.subList(1, seen.size())).containsExactly("user:first question",
                "assistant:" + String.join("", TOKENS), "user:second question");
    }

    @Test
    void a_model_error_is_delivered_as_a_failed_reply() {
        AssistantHttp http = new AssistantHttp(server, "failing-user");
        String conv = http.conversation("Errors");
        try (TestClient socket = server.userClient("failing-user")) {
            http.ask(conv, "please fail");
            JsonNode done = socket.timeout(Duration.ofSeconds(10)).awaitEvent();

            assertThat(done.path("type").asText()).isEqualTo("message_generate");
            assertThat(done.at("/data/message/status").asText()).isEqualTo("failed");
            assertThat(done.at("/data/message/error").asText()).contains("500").contains("model overloaded");
            assertThat(done.at("/data/message/content").asText()).isEmpty();
        }
    }
}

package io.switchboard.tests.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.assistant.AssistantApp;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chat answers on the seed's {@code /api/conversations/} too, beside the assistant's conversations on the same
 * path: a body with {@code member_ids}, {@code ?kind=chat} and numeric ids are the chat's; everything else stays
 * the assistant's.
 */
@SwitchboardTest(apps = {UsersApp.class, SocialApp.class, AssistantApp.class})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatOnSharedPathTest {

    @Test
    void chat_and_assistant_conversations_share_the_path_without_mixing(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");

        JsonNode chat = SocialUser.expect(ada.post("/api/conversations/", Map.of("member_ids", List.of(grace.id))), 201);
        long id = chat.get("id").asLong();
        assertThat(chat.get("kind").asText()).isEqualTo("direct");
        SocialUser.expect(grace.post("/api/conversations/" + id + "/messages/", Map.of("content", "hello Ada")), 201);
        JsonNode history = SocialUser.expect(ada.get("/api/conversations/" + id + "/messages/?before="), 200);
        assertThat(history.get("results")).extracting(m -> m.get("content").asText()).containsExactly("hello Ada");
        assertThat(SocialUser.expect(ada.get("/api/conversations/?kind=chat"), 200).get("results"))
                .extracting(c -> c.get("id").asLong()).containsExactly(id);
        assertThat(SocialUser.expect(ada.get("/api/chat/conversations/" + id + "/"), 200).get("id").asLong()).isEqualTo(id);

        // The same user's assistant conversation: made and listed by the assistant, never by the chat.
        JsonNode assistant = SocialUser.expect(ada.post("/api/conversations/", Json.object().put("title", "ask")), 201);
        assertThat(assistant.has("uuid") || !assistant.get("id").isNumber()).as("an assistant conversation: %s", assistant).isTrue();
        JsonNode mine = SocialUser.expect(ada.get("/api/conversations/"), 200);
        assertThat(mine.toString()).contains("ask").doesNotContain("hello Ada");

        // Non-members are refused on the shared path as on the chat's own.
        SocialUser eve = SocialUser.create(server, "Eve");
        PostsApiTest.assertError(eve.get("/api/conversations/" + id + "/messages/"), 403, "forbidden", null);
    }
}

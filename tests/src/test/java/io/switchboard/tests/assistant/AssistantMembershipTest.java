package io.switchboard.tests.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Json;
import io.switchboard.server.apps.assistant.AssistantApp;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A user reads and writes only their own conversations: for anyone else they do not exist (404). */
@SwitchboardTest(apps = AssistantApp.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AssistantMembershipTest {

    @Test
    void another_users_conversation_and_its_messages_answer_404_to_every_route(TestServer server) {
        AssistantHttp owner = new AssistantHttp(server, "owner");
        AssistantHttp stranger = new AssistantHttp(server, "stranger");
        String conv = owner.conversation("Private");
        String question = owner.ask(conv, "secret plans").path("uuid").asText();

        assertNotFound(stranger.get("/api/conversations/" + conv + "/"));
        assertNotFound(stranger.get("/api/conversations/" + conv + "/messages/"));
        assertNotFound(stranger.post("/api/conversations/" + conv + "/messages/", Json.object().put("content", "hi")));
        assertNotFound(stranger.post("/api/messages/" + question + "/regenerate/", Json.object()));
        assertThat(stranger.get("/api/conversations/").json().path("results")).isEmpty();
        assertThat(owner.get("/api/conversations/" + conv + "/messages/").json().path("results")).hasSize(2);
    }

    @Test
    void unknown_and_malformed_ids_answer_404(TestServer server) {
        AssistantHttp ada = new AssistantHttp(server, "ada");
        assertNotFound(ada.get("/api/conversations/" + UUID.randomUUID() + "/"));
        assertNotFound(ada.get("/api/conversations/not-a-uuid/"));
        assertNotFound(ada.post("/api/messages/" + UUID.randomUUID() + "/regenerate/", Json.object()));
    }

    private static void assertNotFound(HttpReply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
        assertThat(reply.errorCode()).isEqualTo("not_found");
    }
}

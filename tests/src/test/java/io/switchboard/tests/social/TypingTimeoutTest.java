package io.switchboard.tests.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Typing stops by itself {@code typing-timeout} after the last {@code is_typing: true} without news. */
@SwitchboardTest(apps = {UsersApp.class, SocialApp.class}, settings = {"typing-timeout=1s"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TypingTimeoutTest {
    @Test
    void typing_stops_by_itself_when_no_news_comes(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        long conversation = ada.conversationWith(grace);
        try (TestClient adaSocket = ada.socket(); TestClient graceSocket = grace.socket()) {
            typing(adaSocket, conversation, true).assertAck();
            assertThat(graceSocket.awaitPush("typing").at("/data/is_typing").asBoolean()).isTrue();
            JsonNode stopped = graceSocket.awaitPush("typing", Duration.ofSeconds(15));
            assertThat(stopped.at("/data/is_typing").asBoolean()).isFalse();
            assertThat(stopped.at("/data/user_id").asLong()).isEqualTo(ada.id);
            adaSocket.assertNoPush(Duration.ZERO);
        }
    }

    private static Reply typing(TestClient socket, long conversation, boolean isTyping) {
        return socket.request("typing", Json.object().put("conversation_id", conversation).put("is_typing", isTyping));
    }
}

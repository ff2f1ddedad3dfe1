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

/**
 * {@code typing} goes to the other members, never back to any session of the sender; repeats are throttled and a
 * change of state always passes. The throttle window and the timeout are an hour here, so what the tests see does
 * not depend on how fast the machine answers: with the defaults (2 s, 5 s) a loaded machine that took longer than
 * the window over the repeats let one through, or the timeout's own {@code is_typing: false} arrived in a window
 * that must be quiet. {@link TypingTimeoutTest} covers the timeout.
 */
@SwitchboardTest(apps = {UsersApp.class, SocialApp.class}, settings = {"typing-throttle=1h", "typing-timeout=1h"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TypingTest {
    private static final Duration QUIET = Duration.ofMillis(500);

    @Test
    void typing_reaches_the_other_members_and_no_session_of_the_sender(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        SocialUser alan = SocialUser.create(server, "Alan");
        long conversation = ada.conversationWith(grace, alan);
        try (TestClient adaLaptop = ada.socket(); TestClient adaPhone = ada.socket(); TestClient graceSocket = grace.socket();
             TestClient alanSocket = alan.socket()) {
            typing(adaLaptop, conversation, true).assertAck();
            for (TestClient other : new TestClient[] {graceSocket, alanSocket}) {
                JsonNode pushed = other.awaitPush("typing");
                assertThat(pushed.at("/data/conversation_id").asLong()).isEqualTo(conversation);
                assertThat(pushed.at("/data/user_id").asLong()).isEqualTo(ada.id);
                assertThat(pushed.at("/data/is_typing").asBoolean()).isTrue();
                assertThat(pushed.has("seq")).as("typing is live only").isFalse();
            }
            typing(adaLaptop, conversation, false).assertAck();
            assertThat(graceSocket.awaitPush("typing").at("/data/is_typing").asBoolean()).isFalse();
            assertThat(alanSocket.awaitPush("typing").at("/data/is_typing").asBoolean()).isFalse();
            adaLaptop.assertNoPush(QUIET);
            adaPhone.assertNoPush(Duration.ZERO);
        }
    }

    @Test
    void repeats_are_throttled_while_a_change_of_state_always_passes(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        long conversation = ada.conversationWith(grace);
        try (TestClient adaSocket = ada.socket(); TestClient graceSocket = grace.socket()) {
            for (int i = 0; i < 5; i++) {
                typing(adaSocket, conversation, true).assertAck();
            }
            assertThat(graceSocket.awaitPush("typing").at("/data/is_typing").asBoolean()).isTrue();
            graceSocket.assertNoPush(QUIET);
            typing(adaSocket, conversation, false).assertAck();
            typing(adaSocket, conversation, true).assertAck();
            assertThat(graceSocket.awaitPush("typing").at("/data/is_typing").asBoolean()).isFalse();
            assertThat(graceSocket.awaitPush("typing").at("/data/is_typing").asBoolean()).isTrue();
            typing(adaSocket, conversation, false).assertAck();
            typing(adaSocket, conversation, false).assertAck();
            assertThat(graceSocket.awaitPush("typing").at("/data/is_typing").asBoolean()).isFalse();
            graceSocket.assertNoPush(QUIET);
        }
    }

    @Test
    void bad_typing_messages_get_errors_that_name_the_field(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        long conversation = ada.conversationWith(grace);
        try (TestClient socket = ada.socket()) {
            Reply noState = socket.request("typing", Json.object().put("conversation_id", conversation));
            assertThat(noState.errorCode()).isEqualTo("missing_field");
            assertThat(noState.errorField()).isEqualTo("data.is_typing");
            Reply notBool = socket.request("typing", Json.object().put("conversation_id", conversation).put("is_typing", "yes"));
            assertThat(notBool.errorField()).isEqualTo("data.is_typing");
            Reply badId = socket.request("typing", Json.object().put("conversation_id", -1).put("is_typing", true));
            assertThat(badId.errorField()).isEqualTo("data.conversation_id");
            assertThat(socket.request("typing", "nope").errorCode()).isEqualTo("invalid_field");
            socket.ping();
        }
    }

    private static Reply typing(TestClient socket, long conversation, boolean isTyping) {
        return socket.request("typing", Json.object().put("conversation_id", conversation).put("is_typing", isTyping));
    }
}

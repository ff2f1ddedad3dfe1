package io.switchboard.tests.social;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Json;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Only members read, write, join or hear a conversation; everyone else is refused with {@code forbidden}. */
@SwitchboardTest(apps = {UsersApp.class, SocialApp.class})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatMembershipTest {

    @Test
    void a_non_member_is_refused_on_every_route_and_sees_nothing_in_the_list(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        SocialUser eve = SocialUser.create(server, "Eve");
        long conversation = ada.conversationWith(grace);
        SocialUser.expect(ada.post("/api/chat/conversations/" + conversation + "/messages/", Map.of("content", "secret")), 201);
        String base = "/api/chat/conversations/" + conversation;

        PostsApiTest.assertError(eve.get(base + "/"), 403, "forbidden", null);
        PostsApiTest.assertError(eve.get(base + "/messages/"), 403, "forbidden", null);
        PostsApiTest.assertError(eve.post(base + "/messages/", Map.of("content", "let me in")), 403, "forbidden", null);
        assertThat(eve.get("/api/chat/conversations/").json().get("results")).isEmpty();
        PostsApiTest.assertError(eve.get("/api/chat/conversations/424242/"), 404, "not_found", null);
        assertThat(SocialUser.expect(grace.get(base + "/messages/"), 200).get("results")).hasSize(1);
    }

    @Test
    void a_non_member_cannot_join_send_or_type_on_the_socket_and_hears_nothing(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        SocialUser eve = SocialUser.create(server, "Eve");
        long conversation = ada.conversationWith(grace);
        try (TestClient eveSocket = eve.socket(); TestClient eveGeneral = server.client(eve.key());
             TestClient graceSocket = grace.socket()) {
            Reply join = eveSocket.request("subscribe", Json.object().put("channel", "conversation:" + conversation));
            assertThat(join.errorCode()).isEqualTo("forbidden");
            assertThat(join.errorField()).isEqualTo("data.channel");
            assertThat(eveGeneral.request("subscribe", Json.object().put("channel", "conversation:" + conversation)).errorCode())
                    .isEqualTo("forbidden");
            Reply send = eveSocket.request("send_message", Json.object().put("conversation_id", conversation).put("content", "hi"));
            assertThat(send.errorCode()).isEqualTo("forbidden");
            Reply typing = eveSocket.request("typing", Json.object().put("conversation_id", conversation).put("is_typing", true));
            assertThat(typing.errorCode()).isEqualTo("forbidden");

            graceSocket.subscribe("conversation:" + conversation);
            SocialUser.expect(ada.post("/api/chat/conversations/" + conversation + "/messages/", Map.of("content", "members only")), 201);
            graceSocket.awaitPush("new_message");
            eveSocket.assertNoPush(Duration.ofMillis(300));
            eveGeneral.assertNoPush(Duration.ZERO);
            graceSocket.assertNoPush(Duration.ZERO);
        }
    }

    @Test
    void even_members_cannot_publish_on_the_channel_directly(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        long conversation = ada.conversationWith(grace);
        try (TestClient adaSocket = ada.socket(); TestClient graceSocket = grace.socket()) {
            graceSocket.subscribe("conversation:" + conversation);
            Reply published = adaSocket.request("publish", Json.object().put("channel", "conversation:" + conversation)
                    .set("data", Json.object().put("content", "forged")));
            assertThat(published.errorCode()).isEqualTo("forbidden");
            graceSocket.assertNoPush(Duration.ofMillis(300));
        }
    }
}

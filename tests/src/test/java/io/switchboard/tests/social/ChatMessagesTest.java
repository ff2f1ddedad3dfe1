package io.switchboard.tests.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Conversations and their messages: one path for socket and REST, stored once, delivered to the members. */
@SwitchboardTest(apps = {UsersApp.class, SocialApp.class})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatMessagesTest {

    @Test
    void two_members_make_a_direct_conversation_and_asking_again_finds_the_same_one(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        JsonNode created = SocialUser.expect(ada.post("/api/chat/conversations/",
                Json.object().set("member_ids", Json.mapper().valueToTree(List.of(grace.id)))), 201);
        assertThat(created.get("kind").asText()).isEqualTo("direct");
        assertThat(created.get("created_by").asLong()).isEqualTo(ada.id);
        assertThat(created.get("members")).extracting(m -> m.get("id").asLong()).containsExactlyInAnyOrder(ada.id, grace.id);

        JsonNode again = SocialUser.expect(grace.post("/api/chat/conversations/",
                Json.object().set("member_ids", Json.mapper().valueToTree(List.of(ada.id, grace.id)))), 200);
        assertThat(again.get("id")).isEqualTo(created.get("id"));

        SocialUser alan = SocialUser.create(server, "Alan");
        ObjectNode group = Json.object().put("title", "Engines");
        group.set("member_ids", Json.mapper().valueToTree(List.of(grace.id, alan.id)));
        JsonNode first = SocialUser.expect(ada.post("/api/chat/conversations/", group), 201);
        JsonNode second = SocialUser.expect(ada.post("/api/chat/conversations/", group), 201);
        assertThat(first.get("kind").asText()).isEqualTo("group");
        assertThat(first.get("title").asText()).isEqualTo("Engines");
        assertThat(second.get("id")).isNotEqualTo(first.get("id"));

        JsonNode list = SocialUser.expect(grace.get("/api/chat/conversations/"), 200).get("results");
        assertThat(list).extracting(c -> c.get("id").asLong())
                .containsExactly(second.get("id").asLong(), first.get("id").asLong(), created.get("id").asLong());
        assertThat(SocialUser.expect(alan.get("/api/chat/conversations/"), 200).get("results")).hasSize(2);
    }

    @Test
    void a_message_sent_on_the_socket_is_stored_acked_and_delivered_to_the_subscribed_members(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        long conversation = ada.conversationWith(grace);
        try (TestClient adaSocket = ada.socket(); TestClient graceSocket = grace.socket()) {
            graceSocket.subscribe("conversation:" + conversation);
            adaSocket.subscribe("conversation:" + conversation);

            Reply ack = adaSocket.request("send_message", Json.object().put("conversation_id", conversation)
                    .put("content", "Hello Grace").put("client_id", "m-1"));

            ack.assertAck();
            JsonNode stored = ack.data();
            assertThat(stored.get("content").asText()).isEqualTo("Hello Grace");
            assertThat(stored.get("sender_id").asLong()).isEqualTo(ada.id);
            assertThat(stored.get("conversation_id").asLong()).isEqualTo(conversation);
            assertThat(stored.get("client_id").asText()).isEqualTo("m-1");
            for (TestClient c : new TestClient[] {graceSocket, adaSocket}) {
                JsonNode pushed = c.awaitPush("new_message");
                assertThat(pushed.get("channel").asText()).isEqualTo("conversation:" + conversation);
                assertThat(pushed.get("data")).isEqualTo(stored);
            }
            JsonNode history = SocialUser.expect(grace.get("/api/chat/conversations/" + conversation + "/messages/"), 200);
            assertThat(history.get("results")).containsExactly(stored);
        }
    }

    @Test
    void messages_sent_back_to_back_on_one_socket_reach_the_room_in_the_order_sent(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        long conversation = ada.conversationWith(grace);
        int count = 40;
        try (TestClient adaSocket = ada.socket(); TestClient graceSocket = grace.socket()) {
            graceSocket.subscribe("conversation:" + conversation);
            for (int i = 0; i < count; i++) { // without waiting for the acks: the stores run on several workers
                adaSocket.send(Json.write(Json.object().put("type", "send_message").put("id", "s" + i)
                        .set("data", Json.object().put("conversation_id", conversation).put("content", "m" + i))));
            }
            List<String> heard = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                JsonNode pushed = graceSocket.awaitPush("new_message").get("data");
                heard.add(pushed.get("content").asText());
                ids.add(pushed.get("id").asLong());
            }
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add("m" + i);
                adaSocket.awaitReply("s" + i).assertAck();
            }
            assertThat(heard).containsExactlyElementsOf(sent);
            assertThat(ids).isSorted();
        }
    }

    @Test
    void a_message_posted_over_rest_takes_the_same_path(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        long conversation = ada.conversationWith(grace);
        try (TestClient graceSocket = grace.socket()) {
            graceSocket.subscribe("conversation:" + conversation);
            JsonNode stored = SocialUser.expect(ada.post("/api/chat/conversations/" + conversation + "/messages/",
                    Map.of("content", "By REST")), 201);
            assertThat(stored.get("client_id").isNull()).isTrue();
            assertThat(graceSocket.awaitPush("new_message").get("data")).isEqualTo(stored);
        }
    }

    @Test
    void a_retried_send_with_the_same_client_id_is_stored_and_delivered_once(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        long conversation = ada.conversationWith(grace);
        try (TestClient adaSocket = ada.socket(); TestClient graceSocket = grace.socket()) {
            graceSocket.subscribe("conversation:" + conversation);
            ObjectNode send = Json.object().put("conversation_id", conversation).put("content", "Once").put("client_id", "retry-1");
            JsonNode first = adaSocket.request("send_message", send).assertAck().data();
            JsonNode second = adaSocket.request("send_message", send).assertAck().data();
            JsonNode rest = SocialUser.expect(ada.post("/api/chat/conversations/" + conversation + "/messages/",
                    Map.of("content", "Once", "client_id", "retry-1")), 200);
            assertThat(second).isEqualTo(first);
            assertThat(rest).isEqualTo(first);
            assertThat(graceSocket.awaitPush("new_message").get("data")).isEqualTo(first);
            graceSocket.assertNoPush(Duration.ofMillis(500));
            assertThat(grace.get("/api/chat/conversations/" + conversation + "/messages/").json().get("results")).hasSize(1);
        }
    }

    @Test
    void history_pages_back_with_before_each_page_oldest_first(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        long conversation = ada.conversationWith(grace);
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            SocialUser who = i % 2 == 0 ? ada : grace;
            sent.add(SocialUser.expect(who.post("/api/chat/conversations/" + conversation + "/messages",
                    Map.of("content", "m" + i)), 201).get("id").asLong());
        }
        List<Long> seen = new ArrayList<>();
        String before = null;
        do {
            JsonNode page = SocialUser.expect(ada.get("/api/chat/conversations/" + conversation + "/messages/?limit=3"
                    + (before == null ? "" : "&before=" + before)), 200);
            List<Long> ids = new ArrayList<>();
            page.get("results").forEach(m -> ids.add(m.get("id").asLong()));
            assertThat(ids).isSorted();
            seen.addAll(0, ids);
            before = page.get("next_before").isNull() ? null : page.get("next_before").asText();
        } while (before != null);
        assertThat(seen).isEqualTo(sent);
    }

    @Test
    void bad_conversations_and_messages_get_errors_that_name_the_field(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        String path = "/api/chat/conversations/";
        PostsApiTest.assertError(ada.post(path, Map.of()), 400, "missing_field", "member_ids");
        PostsApiTest.assertError(ada.post(path, Map.of("member_ids", 5)), 400, "invalid_field", "member_ids");
        PostsApiTest.assertError(ada.post(path, Map.of("member_ids", List.of(ada.id))), 400, "invalid_field", "member_ids");
        PostsApiTest.assertError(ada.post(path, Map.of("member_ids", List.of("x"))), 400, "invalid_field", "member_ids");
        PostsApiTest.assertError(ada.post(path, Map.of("member_ids", List.of(999999))), 404, "not_found", "member_ids");
        PostsApiTest.assertError(ada.post(path, Map.of("member_ids", List.of(grace.id), "title", "t".repeat(201))), 400,
                "invalid_field", "title");
        List<Long> crowd = new ArrayList<>();
        for (long i = 1; i <= 5_000; i++) { // with the caller, one more than a conversation may have
            crowd.add(ada.id + i);
        }
        PostsApiTest.assertError(ada.post(path, Map.of("member_ids", crowd)), 400, "invalid_field", "member_ids");
        long conversation = ada.conversationWith(grace);
        String messages = path + conversation + "/messages/";
        PostsApiTest.assertError(ada.post(messages, Map.of("content", "")), 400, "invalid_field", "content");
        PostsApiTest.assertError(ada.post(messages, Map.of("content", "x".repeat(5001))), 400, "invalid_field", "content");
        PostsApiTest.assertError(ada.get(messages + "?before=0"), 400, "invalid_field", "before");
        try (TestClient socket = ada.socket()) {
            Reply missing = socket.request("send_message", Json.object().put("content", "hi"));
            assertThat(missing.errorCode()).isEqualTo("missing_field");
            assertThat(missing.errorField()).isEqualTo("data.conversation_id");
            Reply extra = socket.request("send_message", Json.object().put("conversation_id", conversation).put("content", "hi")
                    .put("urgent", true));
            assertThat(extra.errorCode()).isEqualTo("unknown_field");
            assertThat(extra.errorField()).isEqualTo("data.urgent");
            Reply blank = socket.request("send_message", Json.object().put("conversation_id", conversation).put("content", " "));
            assertThat(blank.errorField()).isEqualTo("data.content");
            assertThat(socket.request("send_message", Json.object().put("conversation_id", 999999).put("content", "hi"))
                    .errorCode()).isEqualTo("not_found");
            socket.ping();
        }
        assertThat(ada.get(messages).json().get("results")).isEmpty();
    }
}

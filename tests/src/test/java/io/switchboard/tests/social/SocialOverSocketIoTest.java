package io.switchboard.tests.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsNode;
import io.switchboard.tests.socketio.SocketIoNode;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 003's flows driven through socket.io-client 4 as the seed's client code would: {@code io(url, {auth: {token}})},
 * the seed's event names both ways, rooms for posts and conversations.
 */
@NeedsNode
@SwitchboardTest(apps = {UsersApp.class, SocialApp.class})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SocialOverSocketIoTest {

    private static SocketIoNode node(TestServer server) throws Exception {
        return SocketIoNode.start("http://127.0.0.1:" + server.port());
    }

    private static ObjectNode only(String transport) {
        return Json.object().set("transports", Json.mapper().createArrayNode().add(transport));
    }

    @Test
    void a_like_updates_the_count_in_the_post_room_and_notifies_the_author(TestServer server) throws Exception {
        SocialUser author = SocialUser.create(server, "Ada");
        SocialUser fan = SocialUser.create(server, "Grace");
        SocialUser watcher = SocialUser.create(server, "Alan");
        long post = author.writePost("Notes on the analytical engine");
        try (SocketIoNode io = node(server)) {
            io.connected("author", author.token, null);
            io.connected("watcher", watcher.token, null);
            assertThat(io.emitWithAck("watcher", "join_post", Map.of("post_id", post))).isEmpty();

            long version = fan.like(post).get("version").asLong();

            ArrayNode update = io.awaitEmit("watcher", "like_update");
            assertThat(update.get(0).get("post_id").asLong()).isEqualTo(post);
            assertThat(update.get(0).get("count").asLong()).isEqualTo(1);
            assertThat(update.get(0).get("version").asLong()).isEqualTo(version);
            ArrayNode notification = io.awaitEmit("author", "notification");
            assertThat(notification.get(0).get("type").asText()).isEqualTo("like");
            assertThat(notification.get(0).get("post_id").asLong()).isEqualTo(post);
            assertThat(notification.get(0).get("message").asText()).isEqualTo(fan.name + " liked your post");
            assertThat(notification.get(0).at("/actor/id").asLong()).isEqualTo(fan.id);

            fan.post("/api/posts/" + post + "/comments/", Map.of("content", "Lovely"));
            ArrayNode comment = io.awaitEmit("watcher", "comment_update");
            assertThat(comment.get(0).get("count").asLong()).isEqualTo(1);
            assertThat(comment.get(0).at("/comment/content").asText()).isEqualTo("Lovely");
            assertThat(io.awaitEmit("author", "notification", a -> a.get(0).path("type").asText().equals("comment"))
                    .get(0).get("post_id").asLong()).isEqualTo(post);
        }
    }

    @Test
    void chat_members_join_the_conversation_send_messages_and_see_each_other_typing(TestServer server) throws Exception {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        SocialUser outsider = SocialUser.create(server, "Eve");
        long conversation = ada.conversationWith(grace);
        try (SocketIoNode io = node(server)) {
            io.connected("ada", ada.token, null);
            io.connected("grace", grace.token, only("websocket"));
            io.connected("eve", outsider.token, null);
            assertThat(io.emitWithAck("ada", "join_conversation", Map.of("conversation_id", conversation))).isEmpty();
            assertThat(io.emitWithAck("grace", "join_conversation", Map.of("conversation_id", conversation))).isEmpty();
            ArrayNode refused = io.emitWithAck("eve", "join_conversation", Map.of("conversation_id", conversation));
            assertThat(refused.get(0).at("/error/code").asText()).isEqualTo("forbidden");

            // The seed's typing names no conversation: the one the socket joined.
            io.emit("ada", "typing", Map.of("is_typing", true));
            ArrayNode typing = io.awaitEmit("grace", "typing");
            assertThat(typing.get(0).get("conversation_id").asLong()).isEqualTo(conversation);
            assertThat(typing.get(0).get("user_id").asLong()).isEqualTo(ada.id);
            assertThat(typing.get(0).get("is_typing").asBoolean()).isTrue();

            ArrayNode sent = io.emitWithAck("ada", "send_message", Map.of("conversation_id", conversation,
                    "content", "Hello Grace", "client_id", "m-1"));
            assertThat(sent.get(0).get("content").asText()).isEqualTo("Hello Grace");
            for (String member : new String[] {"ada", "grace"}) {
                ArrayNode message = io.awaitEmit(member, "new_message");
                assertThat(message.get(0).get("id").asLong()).isEqualTo(sent.get(0).get("id").asLong());
                assertThat(message.get(0).get("sender_id").asLong()).isEqualTo(ada.id);
                assertThat(message.get(1).get("channel").asText()).isEqualTo("conversation:" + conversation);
            }
            io.emit("ada", "typing", Map.of("is_typing", false));
            io.awaitEmit("grace", "typing", a -> !a.get(0).get("is_typing").asBoolean());
            assertThat(io.emits("ada", "typing")).isEmpty();
            assertThat(io.emits("eve", "new_message")).isEmpty();
        }
    }

    @Test
    void a_notification_reaches_every_socket_of_the_user_over_either_transport(TestServer server) throws Exception {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        try (SocketIoNode io = node(server)) {
            io.connected("browser", ada.token, only("polling"));
            io.connected("phone", ada.token, only("websocket"));
            grace.follow(ada);
            for (String socket : new String[] {"browser", "phone"}) {
                ArrayNode notification = io.awaitEmit(socket, "notification");
                assertThat(notification.get(0).get("type").asText()).isEqualTo("follow");
                assertThat(notification.get(0).get("message").asText()).isEqualTo(grace.name + " started following you");
            }
        }
    }

    @Test
    void followers_see_a_user_come_online_and_go_offline(TestServer server) throws Exception {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        grace.follow(ada);
        try (SocketIoNode io = node(server)) {
            io.connected("grace", grace.token, null);
            io.connected("ada", ada.token, null);
            ArrayNode online = io.awaitEmit("grace", "user_status");
            assertThat(online.get(0).get("user_id").asLong()).isEqualTo(ada.id);
            assertThat(online.get(0).get("status").asText()).isEqualTo("online");
            io.disconnect("ada");
            io.awaitEmit("grace", "user_status", a -> a.get(0).get("status").asText().equals("offline"));
        }
    }
}

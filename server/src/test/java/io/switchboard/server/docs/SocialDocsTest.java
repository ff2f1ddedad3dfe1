package io.switchboard.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.social.SocialEvents;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.server.inbox.UserSocket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The social app is documented: docs/openapi.yaml has its paths, methods and statuses, docs/asyncapi.yaml its
 * messages on {@code /ws} and {@code /ws/user/{userId}}, docs/PROTOCOL.md its section, and a node with the app
 * answers and pushes as they say.
 */
@Timeout(60)
class SocialDocsTest extends AppDocsTest {
    @BeforeAll
    static void start() throws IOException {
        open("social", Map.of(), new UsersApp(), new SocialApp());
    }

    @Test
    void openapi_has_the_social_paths_their_methods_and_every_status_they_answer() {
        assertStatuses("/api/posts/", "get", "200", "400", "401", "403");
        assertStatuses("/api/posts/", "post", "200", "201", "400", "401", "403", "413", "415");
        assertStatuses("/api/posts/{id}/", "get", "200", "401", "403", "404");
        assertStatuses("/api/posts/{id}/like", "post", "200", "401", "403", "404", "503");
        assertStatuses("/api/posts/{id}/like", "delete", "200", "401", "403", "404");
        assertStatuses("/api/posts/{id}/comments/", "get", "200", "400", "401", "403", "404");
        assertStatuses("/api/posts/{id}/comments/", "post", "200", "201", "400", "401", "403", "404", "413", "415");
        assertStatuses("/api/users/{id}/follow", "post", "200", "400", "401", "403", "404");
        assertStatuses("/api/users/{id}/follow", "delete", "200", "401", "403", "404");
        assertStatuses("/api/users/{id}/followers/", "get", "200", "400", "401", "403", "404");
        assertStatuses("/api/users/{id}/following/", "get", "200", "400", "401", "403", "404");
        assertStatuses("/api/users/{id}/status", "get", "200", "401", "403", "404");
        assertStatuses("/api/presence/", "get", "200", "400", "401", "403");
        assertStatuses("/api/chat/conversations/", "get", "200", "400", "401", "403");
        assertStatuses("/api/chat/conversations/", "post", "200", "201", "400", "401", "403", "404", "413", "415");
        assertStatuses("/api/chat/conversations/{id}/", "get", "200", "401", "403", "404");
        assertStatuses("/api/chat/conversations/{id}/messages/", "get", "200", "400", "401", "403", "404");
        assertStatuses("/api/chat/conversations/{id}/messages/", "post", "200", "201", "400", "401", "403", "404", "413", "415");
        Set<String> tags = new TreeSet<>();
        openapi.path("tags").forEach(t -> tags.add(t.path("name").asText()));
        assertThat(tags).contains("social");
    }

    @Test
    void asyncapi_has_every_social_message_on_the_sockets_that_carry_it() {
        for (String type : new String[] {SocialEvents.LIKE_UPDATE, SocialEvents.COMMENT_UPDATE, SocialEvents.NOTIFICATION,
                SocialEvents.USER_STATUS, SocialEvents.NEW_POST, SocialEvents.TYPING, SocialEvents.SEND_MESSAGE, SocialEvents.NEW_MESSAGE}) {
            JsonNode message = asyncapi.at("/components/messages/" + type);
            assertThat(message.isObject()).as("components/messages/%s", type).isTrue();
            assertThat(Docs.resolve(asyncapi, message.path("payload")).at("/properties/type/const").asText()).isEqualTo(type);
        }
        Set<String> handled = node.gateway().handlerSets().get(UserSocket.HANDLER_SET).types();
        assertThat(handled).contains(SocialEvents.SEND_MESSAGE, SocialEvents.TYPING);
        assertThat(messagesOf("#/channels/userEvents", "receive")).containsAll(handled);
        assertThat(messagesOf("#/channels/userEvents", "send")).contains(SocialEvents.LIKE_UPDATE, SocialEvents.COMMENT_UPDATE,
                SocialEvents.NOTIFICATION, SocialEvents.USER_STATUS, SocialEvents.NEW_POST, SocialEvents.TYPING, SocialEvents.NEW_MESSAGE);
        assertThat(messagesOf("#/channels/ws", "send")).contains(SocialEvents.LIKE_UPDATE, SocialEvents.COMMENT_UPDATE,
                SocialEvents.NEW_MESSAGE);
        assertThat(asyncapi.at("/components/schemas/TypingRequest/properties/data/required").toString())
                .contains("conversation_id").contains("is_typing");
        assertThat(protocol).contains("## Social").contains("`post:<id>`").contains("`conversation:<id>`")
                .contains("/api/chat/conversations/");
    }

    @Test
    void a_node_with_the_app_answers_and_pushes_as_documented() throws Exception {
        String admin = node.tokens().issue("docs", Duration.ofMinutes(5));
        long ada = user(admin, "Ada");
        long grace = user(admin, "Grace");
        String adaToken = node.tokens().issue(Long.toString(ada), Duration.ofMinutes(5));
        String graceToken = node.tokens().issue(Long.toString(grace), Duration.ofMinutes(5));
        try (TextSocket adaSocket = TextSocket.open(userSocket(ada, adaToken), b -> b);
             TextSocket graceSocket = TextSocket.open(userSocket(grace, graceToken), b -> b)) {
            assertThat(next(adaSocket, "connection_established").isObject()).isTrue();
            assertThat(next(graceSocket, "connection_established").isObject()).isTrue();

            HttpResponse<String> created = call(adaToken, "POST", "/api/posts/", "{\"content\":\"Note G\",\"client_id\":\"p1\"}", Map.of());
            assertDocumented("post", "/api/posts/", created, 201);
            assertHasRequired(Json.parse(created.body()), "SocialPost");
            assertDocumented("post", "/api/posts/", call(adaToken, "POST", "/api/posts/", "{\"content\":\"Note G\",\"client_id\":\"p1\"}",
                    Map.of()), 200);
            long post = Json.parse(created.body()).path("id").asLong();
            assertDocumented("post", "/api/posts/", call(adaToken, "POST", "/api/posts/", "{\"content\":\"\"}", Map.of()), 400);
            assertDocumented("post", "/api/posts/", call(adaToken, "POST", "/api/posts/", "x", Map.of("Content-Type", "text/plain")), 415);
            assertDocumented("get", "/api/posts/", call(admin, "GET", "/api/posts/", null, Map.of()), 403);
            assertDocumented("get", "/api/posts/", call(null, "GET", "/api/posts/", null, Map.of()), 401);
            HttpResponse<String> feed = call(adaToken, "GET", "/api/posts/?limit=1", null, Map.of());
            assertDocumented("get", "/api/posts/", feed, 200);
            assertHasRequired(Json.parse(feed.body()), "SocialPostPage");
            assertDocumented("get", "/api/posts/{id}/", call(adaToken, "GET", "/api/posts/" + post + "/", null, Map.of()), 200);
            assertDocumented("get", "/api/posts/{id}/", call(adaToken, "GET", "/api/posts/99999/", null, Map.of()), 404);

            graceSocket.send(request("subscribe", "s1", Json.object().put("channel", "post:" + post)));
            assertThat(next(graceSocket, "ack").path("id").asText()).isEqualTo("s1");
            HttpResponse<String> liked = call(graceToken, "POST", "/api/posts/" + post + "/like", null, Map.of());
            assertDocumented("post", "/api/posts/{id}/like", liked, 200);
            assertHasRequired(Json.parse(liked.body()), "SocialLikeState");
            assertMatches(next(graceSocket, SocialEvents.LIKE_UPDATE), "like_update");
            assertMatches(next(adaSocket, SocialEvents.NOTIFICATION), "notification");
            assertDocumented("delete", "/api/posts/{id}/like", call(graceToken, "DELETE", "/api/posts/" + post + "/like", null, Map.of()), 200);
            assertMatches(next(graceSocket, SocialEvents.LIKE_UPDATE), "like_update");

            HttpResponse<String> comment = call(graceToken, "POST", "/api/posts/" + post + "/comments/", "{\"content\":\"Brilliant\"}", Map.of());
            assertDocumented("post", "/api/posts/{id}/comments/", comment, 201);
            assertHasRequired(Json.parse(comment.body()), "SocialComment");
            assertMatches(next(graceSocket, SocialEvents.COMMENT_UPDATE), "comment_update");
            assertMatches(next(adaSocket, SocialEvents.NOTIFICATION), "notification");
            HttpResponse<String> comments = call(graceToken, "GET", "/api/posts/" + post + "/comments/", null, Map.of());
            assertDocumented("get", "/api/posts/{id}/comments/", comments, 200);
            assertHasRequired(Json.parse(comments.body()), "SocialCommentPage");

            HttpResponse<String> follow = call(graceToken, "POST", "/api/users/" + ada + "/follow", null, Map.of());
            assertDocumented("post", "/api/users/{id}/follow", follow, 200);
            assertHasRequired(Json.parse(follow.body()), "SocialFollowState");
            assertMatches(next(adaSocket, SocialEvents.NOTIFICATION), "notification");
            assertDocumented("post", "/api/users/{id}/follow", call(adaToken, "POST", "/api/users/" + ada + "/follow", null, Map.of()), 400);
            HttpResponse<String> followers = call(adaToken, "GET", "/api/users/" + ada + "/followers/", null, Map.of());
            assertDocumented("get", "/api/users/{id}/followers/", followers, 200);
            assertHasRequired(Json.parse(followers.body()), "SocialActorPage");
            assertDocumented("get", "/api/users/{id}/following/", call(adaToken, "GET", "/api/users/99999/following/", null, Map.of()), 404);
            HttpResponse<String> status = call(graceToken, "GET", "/api/users/" + ada + "/status", null, Map.of());
            assertDocumented("get", "/api/users/{id}/status", status, 200);
            assertHasRequired(Json.parse(status.body()), "SocialUserStatus");
            HttpResponse<String> online = call(graceToken, "GET", "/api/presence/?user_ids=" + ada + "," + grace, null, Map.of());
            assertDocumented("get", "/api/presence/", online, 200);
            assertHasRequired(Json.parse(online.body()), "SocialOnline");
            assertDocumented("get", "/api/presence/", call(graceToken, "GET", "/api/presence/", null, Map.of()), 400);

            HttpResponse<String> conversation = call(adaToken, "POST", "/api/chat/conversations/", "{\"member_ids\":[" + grace + "]}", Map.of());
            assertDocumented("post", "/api/chat/conversations/", conversation, 201);
            assertHasRequired(Json.parse(conversation.body()), "SocialConversation");
            long chat = Json.parse(conversation.body()).path("id").asLong();
            assertDocumented("post", "/api/chat/conversations/", call(graceToken, "POST", "/api/chat/conversations/",
                    "{\"member_ids\":[" + ada + "]}", Map.of()), 200);
            assertDocumented("post", "/api/chat/conversations/", call(adaToken, "POST", "/api/chat/conversations/",
                    "{\"member_ids\":[99999]}", Map.of()), 404);
            HttpResponse<String> list = call(adaToken, "GET", "/api/chat/conversations/", null, Map.of());
            assertDocumented("get", "/api/chat/conversations/", list, 200);
            assertHasRequired(Json.parse(list.body()), "SocialConversationPage");
            String stranger = node.tokens().issue(Long.toString(user(admin, "Eve")), Duration.ofMinutes(5));
            assertDocumented("get", "/api/chat/conversations/{id}/", call(stranger, "GET", "/api/chat/conversations/" + chat + "/", null,
                    Map.of()), 403);
            assertDocumented("get", "/api/chat/conversations/{id}/messages/", call(stranger, "GET",
                    "/api/chat/conversations/" + chat + "/messages/", null, Map.of()), 403);

            graceSocket.send(request("subscribe", "s2", Json.object().put("channel", "conversation:" + chat)));
            assertThat(next(graceSocket, "ack").path("id").asText()).isEqualTo("s2");
            JsonNode sendExample = asyncapi.at("/components/messages/send_message/examples/0/payload").deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) sendExample.path("data")).put("conversation_id", chat);
            adaSocket.send(sendExample);
            JsonNode ack = next(adaSocket, "ack");
            assertThat(ack.path("id")).isEqualTo(sendExample.path("id"));
            assertHasRequired(ack.path("data"), "SocialMessage");
            assertMatches(next(graceSocket, SocialEvents.NEW_MESSAGE), "new_message");
            HttpResponse<String> sent = call(adaToken, "POST", "/api/chat/conversations/" + chat + "/messages/",
                    "{\"content\":\"again\",\"client_id\":\"m-1\"}", Map.of());
            assertDocumented("post", "/api/chat/conversations/{id}/messages/", sent, 200);
            HttpResponse<String> history = call(graceToken, "GET", "/api/chat/conversations/" + chat + "/messages/?limit=1", null, Map.of());
            assertDocumented("get", "/api/chat/conversations/{id}/messages/", history, 200);
            assertHasRequired(Json.parse(history.body()), "SocialMessagePage");

            JsonNode typingExample = asyncapi.at("/channels/userEvents/messages/typing_request/examples/0/payload").deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) typingExample.path("data")).put("conversation_id", chat);
            adaSocket.send(typingExample);
            assertThat(next(adaSocket, "ack").path("id")).isEqualTo(typingExample.path("id"));
            assertMatches(next(graceSocket, SocialEvents.TYPING), "typing");

            adaSocket.close();
            assertMatches(next(graceSocket, SocialEvents.USER_STATUS), "user_status");
        }
    }

    private long user(String token, String name) throws Exception {
        HttpResponse<String> r = call(token, "POST", "/api/users/", "{\"first_name\":\"" + name + "\",\"last_name\":\"Docs\"}", Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body()).path("id").asLong();
    }

    /** The frame's required fields and type are those of the component message's payload, and so are its data's. */
    private static void assertMatches(JsonNode frame, String message) {
        JsonNode schema = Docs.resolve(asyncapi, asyncapi.at("/components/messages/" + message + "/payload"));
        schema.path("required").forEach(f -> assertThat(frame.has(f.asText())).as("%s in %s", f, frame).isTrue());
        assertThat(frame.path("type").asText()).isEqualTo(schema.at("/properties/type/const").asText());
        JsonNode data = Docs.resolve(asyncapi, schema.at("/properties/data"));
        data.path("required").forEach(f -> assertThat(frame.path("data").has(f.asText())).as("%s in %s", f, frame).isTrue());
    }

    private static JsonNode next(TextSocket socket, String type) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            JsonNode frame = socket.next();
            if (frame.path("type").asText().equals(type)) {
                return frame;
            }
        }
        throw new AssertionError("no " + type + " frame among the next 50");
    }

    private static JsonNode request(String type, String id, JsonNode data) {
        return Json.object().put("type", type).put("id", id).set("data", data);
    }

    private static Set<String> messagesOf(String channel, String action) {
        Set<String> out = new TreeSet<>();
        asyncapi.path("operations").forEach(op -> {
            if (op.at("/channel/$ref").asText().equals(channel) && op.path("action").asText().equals(action)) {
                Docs.resolvedList(asyncapi, op.path("messages")).forEach(m -> out.add(m.path("name").asText()));
            }
        });
        return out;
    }

    private static URI userSocket(long user, String token) {
        return URI.create("ws://127.0.0.1:" + node.port() + "/ws/user/" + user + "?token=" + token);
    }
}

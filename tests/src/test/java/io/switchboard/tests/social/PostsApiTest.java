package io.switchboard.tests.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Posts over REST: stored with their author, a feed of the followed users, and clear errors for bad input. */
@SwitchboardTest(apps = {UsersApp.class, SocialApp.class})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostsApiTest {

    @Test
    void a_post_is_stored_with_its_author_and_no_likes_or_comments_yet(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        JsonNode post = SocialUser.expect(ada.post("/api/posts/", Map.of("content", "  Hello, world  ")), 201);
        assertThat(post.get("content").asText()).isEqualTo("Hello, world");
        assertThat(post.at("/author/id").asLong()).isEqualTo(ada.id);
        assertThat(post.at("/author/name").asText()).isEqualTo(ada.name);
        assertThat(post.get("like_count").asLong()).isZero();
        assertThat(post.get("comment_count").asLong()).isZero();
        assertThat(post.get("version").asLong()).isZero();
        assertThat(post.get("created_at").asText()).endsWith("Z");
        JsonNode read = SocialUser.expect(ada.get("/api/posts/" + post.get("id").asLong() + "/"), 200);
        assertThat(read).isEqualTo(post);
    }

    @Test
    void a_retried_post_with_the_same_client_id_is_stored_once(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        Map<String, String> body = Map.of("content", "once", "client_id", "post-1");
        JsonNode first = SocialUser.expect(ada.post("/api/posts/", body), 201);
        JsonNode retry = SocialUser.expect(ada.post("/api/posts/", body), 200);
        assertThat(retry.get("id")).isEqualTo(first.get("id"));
        assertThat(ada.get("/api/posts/").json().get("results")).hasSize(1);
        SocialUser grace = SocialUser.create(server, "Grace");
        assertThat(grace.post("/api/posts/", body).status()).as("another author's client ids are their own").isEqualTo(201);
    }

    @Test
    void the_feed_holds_the_readers_posts_and_those_of_whom_they_follow_newest_first_in_pages(TestServer server) {
        SocialUser reader = SocialUser.create(server, "Reader");
        SocialUser followed = SocialUser.create(server, "Followed");
        SocialUser stranger = SocialUser.create(server, "Stranger");
        reader.follow(followed);
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(0, followed.writePost("followed " + i));
            stranger.writePost("stranger " + i);
            expected.add(0, reader.writePost("own " + i));
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = SocialUser.expect(reader.get("/api/posts/?limit=4" + (cursor == null ? "" : "&cursor=" + cursor)), 200);
            page.get("results").forEach(p -> seen.add(p.get("id").asLong()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertThat(seen).isEqualTo(expected);

        SocialUser.expect(reader.delete("/api/users/" + followed.id + "/follow"), 200);
        JsonNode after = reader.get("/api/posts/?limit=200").json().get("results");
        assertThat(after).hasSize(5).allSatisfy(p -> assertThat(p.at("/author/id").asLong()).isEqualTo(reader.id));
    }

    @Test
    void bad_posts_get_an_error_that_names_the_field(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        assertError(ada.post("/api/posts/", Map.of()), 400, "missing_field", "content");
        assertError(ada.post("/api/posts/", Map.of("content", "   ")), 400, "invalid_field", "content");
        assertError(ada.post("/api/posts/", Map.of("content", "x".repeat(5001))), 400, "invalid_field", "content");
        assertThat(ada.post("/api/posts/", Map.of("content", "x".repeat(5000))).status()).isEqualTo(201);
        assertError(ada.post("/api/posts/", Json.object().put("content", 42)), 400, "invalid_field", "content");
        assertError(ada.post("/api/posts/", Map.of("content", "hi", "mood", "happy")), 400, "unknown_field", "mood");
        assertError(ada.post("/api/posts/", Map.of("content", "hi", "client_id", "no spaces")), 400, "invalid_field", "client_id");
        assertError(ada.post("/api/posts/", "[1, 2]"), 400, "bad_json", null);
        assertError(ada.get("/api/posts/?limit=0"), 400, "invalid_field", "limit");
        assertError(ada.get("/api/posts/?cursor=x"), 400, "invalid_field", "cursor");
        HttpReply plain = server.http().send(HttpRequest.newBuilder(server.http().uri("/api/posts/"))
                .header("Authorization", "Bearer " + ada.token).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build());
        assertThat(plain.status()).isEqualTo(415);
        assertError(ada.call("PUT", "/api/posts/", Map.of("content", "x")), 405, "method_not_allowed", null);
        assertError(ada.get("/api/posts/123456/"), 404, "not_found", null);
        assertError(ada.get("/api/posts/0/"), 404, "not_found", null);
    }

    @Test
    void social_routes_need_a_token_for_an_existing_user(TestServer server) {
        HttpReply anonymous = server.http().get("/api/posts/");
        assertThat(anonymous.status()).isEqualTo(401);
        HttpReply notAUser = server.http().get("/api/posts/", Map.of("Authorization", "Bearer " + server.token("alice")));
        assertError(notAUser, 403, "forbidden", null);
        SocialUser gone = SocialUser.create(server, "Gone");
        SocialUser.expect(gone.delete("/api/users/" + gone.id + "/"), 204);
        assertError(gone.post("/api/posts/", Map.of("content", "ghost")), 403, "forbidden", null);
    }

    static void assertError(HttpReply reply, int status, String code, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.errorCode()).as(reply.toString()).isEqualTo(code);
        if (field != null) {
            assertThat(reply.errorField()).as(reply.toString()).isEqualTo(field);
        }
        assertThat(reply.json().at("/error/message").asText()).isNotBlank();
    }
}

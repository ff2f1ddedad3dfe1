package io.switchboard.tests.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
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

/** A comment is stored, its count and the comment reach everyone watching the post, and the author hears of it. */
@SwitchboardTest(apps = {UsersApp.class, SocialApp.class})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommentsTest {
    private static final Duration QUIET = Duration.ofMillis(500);

    @Test
    void a_comment_reaches_watchers_as_comment_update_and_the_author_as_a_notification(TestServer server) {
        SocialUser author = SocialUser.create(server, "Ada");
        SocialUser critic = SocialUser.create(server, "Charles");
        SocialUser watcher = SocialUser.create(server, "Alan");
        long post = author.writePost("Note G");
        try (TestClient authorSocket = author.socket(); TestClient watching = watcher.socket()) {
            watching.subscribe("post:" + post);

            JsonNode comment = SocialUser.expect(critic.post("/api/posts/" + post + "/comments/", Map.of("content", "Brilliant")), 201);

            assertThat(comment.get("content").asText()).isEqualTo("Brilliant");
            assertThat(comment.at("/author/id").asLong()).isEqualTo(critic.id);
            assertThat(comment.get("post_id").asLong()).isEqualTo(post);
            JsonNode update = watching.awaitPush("comment_update");
            assertThat(update.get("channel").asText()).isEqualTo("post:" + post);
            assertThat(update.at("/data/post_id").asLong()).isEqualTo(post);
            assertThat(update.at("/data/count").asLong()).isEqualTo(1);
            assertThat(update.at("/data/version").asLong()).isEqualTo(1);
            assertThat(update.at("/data/comment/id")).isEqualTo(comment.get("id"));
            JsonNode notification = authorSocket.awaitEvent();
            assertThat(notification.get("type").asText()).isEqualTo("notification");
            assertThat(notification.at("/data/type").asText()).isEqualTo("comment");
            assertThat(notification.at("/data/post_id").asLong()).isEqualTo(post);
            assertThat(notification.at("/data/comment_id")).isEqualTo(comment.get("id"));
            assertThat(notification.at("/data/actor/id").asLong()).isEqualTo(critic.id);
            assertThat(notification.at("/data/message").asText()).isEqualTo(critic.name + " commented on your post");
            assertThat(author.get("/api/posts/" + post).json().get("comment_count").asLong()).isEqualTo(1);
            authorSocket.assertNoPush(QUIET);
        }
    }

    @Test
    void commenting_on_ones_own_post_notifies_nobody(TestServer server) {
        SocialUser author = SocialUser.create(server, "Ada");
        long post = author.writePost("Mine");
        try (TestClient authorSocket = author.socket()) {
            authorSocket.subscribe("post:" + post);
            SocialUser.expect(author.post("/api/posts/" + post + "/comments/", Map.of("content", "PS")), 201);
            assertThat(authorSocket.awaitPush("comment_update").at("/data/count").asLong()).isEqualTo(1);
            authorSocket.assertNoPush(QUIET);
        }
    }

    @Test
    void a_retried_comment_with_the_same_client_id_is_stored_counted_and_notified_once(TestServer server) {
        SocialUser author = SocialUser.create(server, "Ada");
        SocialUser critic = SocialUser.create(server, "Charles");
        long post = author.writePost("Once");
        try (TestClient authorSocket = author.socket(); TestClient watching = critic.socket()) {
            watching.subscribe("post:" + post);
            Map<String, String> body = Map.of("content", "Only once", "client_id", "c-1");
            JsonNode first = SocialUser.expect(critic.post("/api/posts/" + post + "/comments/", body), 201);
            JsonNode retry = SocialUser.expect(critic.post("/api/posts/" + post + "/comments/", body), 200);
            assertThat(retry).isEqualTo(first);
            assertThat(watching.awaitPush("comment_update").at("/data/count").asLong()).isEqualTo(1);
            assertThat(authorSocket.awaitEvent().at("/data/type").asText()).isEqualTo("comment");
            watching.assertNoPush(QUIET);
            authorSocket.assertNoPush(Duration.ZERO);
            assertThat(author.get("/api/posts/" + post + "/comments/").json().get("results")).hasSize(1);
        }
    }

    @Test
    void comments_list_oldest_first_in_pages(TestServer server) {
        SocialUser author = SocialUser.create(server, "Ada");
        long post = author.writePost("Discuss");
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            expected.add(SocialUser.expect(author.post("/api/posts/" + post + "/comments", Map.of("content", "c" + i)), 201)
                    .get("id").asLong());
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = SocialUser.expect(author.get("/api/posts/" + post + "/comments/?limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor)), 200);
            page.get("results").forEach(c -> seen.add(c.get("id").asLong()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertThat(seen).isEqualTo(expected);
        assertThat(author.get("/api/posts/" + post).json().get("comment_count").asLong()).isEqualTo(7);
    }

    @Test
    void bad_comments_and_unknown_posts_get_clear_errors(TestServer server) {
        SocialUser author = SocialUser.create(server, "Ada");
        long post = author.writePost("Strict");
        PostsApiTest.assertError(author.post("/api/posts/" + post + "/comments/", Map.of("content", "")), 400, "invalid_field", "content");
        PostsApiTest.assertError(author.post("/api/posts/" + post + "/comments/", Map.of("text", "hi")), 400, "unknown_field", "text");
        PostsApiTest.assertError(author.post("/api/posts/" + post + "/comments/", Map.of()), 400, "missing_field", "content");
        PostsApiTest.assertError(author.post("/api/posts/424242/comments/", Map.of("content", "hi")), 404, "not_found", null);
        PostsApiTest.assertError(author.get("/api/posts/424242/comments/"), 404, "not_found", null);
        assertThat(author.get("/api/posts/" + post).json().get("comment_count").asLong()).isZero();
    }
}

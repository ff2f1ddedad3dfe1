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

/** A like is stored once, its count reaches everyone watching the post, and the author hears of it once. */
@SwitchboardTest(apps = {UsersApp.class, SocialApp.class})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LikesTest {
    private static final Duration QUIET = Duration.ofMillis(500);

    @Test
    void a_like_reaches_everyone_watching_the_post_and_notifies_the_author(TestServer server) {
        SocialUser author = SocialUser.create(server, "Ada");
        SocialUser fan = SocialUser.create(server, "Grace");
        SocialUser watcher = SocialUser.create(server, "Alan");
        long post = author.writePost("Notes on the analytical engine");
        try (TestClient authorSocket = author.socket(); TestClient watching = watcher.socket();
             TestClient general = server.client(watcher.key())) {
            watching.subscribe("post:" + post);
            general.subscribe("post:" + post);

            JsonNode answer = fan.like(post);

            assertThat(answer.get("count").asLong()).isEqualTo(1);
            assertThat(answer.get("liked").asBoolean()).isTrue();
            for (TestClient c : new TestClient[] {watching, general}) {
                JsonNode update = c.awaitPush("like_update");
                assertThat(update.get("channel").asText()).isEqualTo("post:" + post);
                assertThat(update.at("/data/post_id").asLong()).isEqualTo(post);
                assertThat(update.at("/data/count").asLong()).isEqualTo(1);
                assertThat(update.at("/data/version").asLong()).isEqualTo(answer.get("version").asLong());
            }
            JsonNode notification = authorSocket.awaitEvent();
            assertThat(notification.get("type").asText()).isEqualTo("notification");
            assertThat(notification.at("/data/type").asText()).isEqualTo("like");
            assertThat(notification.at("/data/post_id").asLong()).isEqualTo(post);
            assertThat(notification.at("/data/actor/id").asLong()).isEqualTo(fan.id);
            assertThat(notification.at("/data/actor/name").asText()).isEqualTo(fan.name);
            assertThat(notification.at("/data/message").asText()).isEqualTo(fan.name + " liked your post");
            authorSocket.assertNoPush(QUIET);
            watching.assertNoPush(Duration.ZERO);
        }
    }

    @Test
    void liking_twice_is_one_like_one_count_and_one_notification(TestServer server) {
        SocialUser author = SocialUser.create(server, "Ada");
        SocialUser fan = SocialUser.create(server, "Grace");
        long post = author.writePost("Twice");
        try (TestClient authorSocket = author.socket(); TestClient watching = fan.socket()) {
            watching.subscribe("post:" + post);
            JsonNode first = fan.like(post);
            JsonNode second = fan.like(post);

            assertThat(second.get("count").asLong()).isEqualTo(1);
            assertThat(second.get("version").asLong()).isEqualTo(first.get("version").asLong());
            assertThat(author.get("/api/posts/" + post + "/").json().get("like_count").asLong()).isEqualTo(1);
            assertThat(watching.awaitPush("like_update").at("/data/count").asLong()).isEqualTo(1);
            assertThat(authorSocket.awaitEvent().at("/data/type").asText()).isEqualTo("like");
            authorSocket.assertNoPush(QUIET);
            watching.assertNoPush(Duration.ZERO);
        }
    }

    @Test
    void liking_ones_own_post_counts_but_notifies_nobody(TestServer server) {
        SocialUser author = SocialUser.create(server, "Ada");
        long post = author.writePost("Mine");
        try (TestClient authorSocket = author.socket()) {
            authorSocket.subscribe("post:" + post);
            assertThat(author.like(post).get("count").asLong()).isEqualTo(1);
            assertThat(authorSocket.awaitPush("like_update").at("/data/count").asLong()).isEqualTo(1);
            authorSocket.assertNoPush(QUIET);
        }
    }

    @Test
    void an_unlike_moves_the_count_down_for_watchers_and_notifies_nobody(TestServer server) {
        SocialUser author = SocialUser.create(server, "Ada");
        SocialUser fan = SocialUser.create(server, "Grace");
        long post = author.writePost("Fickle");
        JsonNode liked = fan.like(post);
        try (TestClient authorSocket = author.socket(); TestClient watching = fan.socket()) {
            authorSocket.awaitEvent();
            watching.subscribe("post:" + post);

            JsonNode unliked = SocialUser.expect(fan.delete("/api/posts/" + post + "/like"), 200);
            JsonNode again = SocialUser.expect(fan.delete("/api/posts/" + post + "/like"), 200);

            assertThat(unliked.get("count").asLong()).isZero();
            assertThat(unliked.get("liked").asBoolean()).isFalse();
            assertThat(unliked.get("version").asLong()).isEqualTo(liked.get("version").asLong() + 1);
            assertThat(again.get("version").asLong()).isEqualTo(unliked.get("version").asLong());
            JsonNode update = watching.awaitPush("like_update");
            assertThat(update.at("/data/count").asLong()).isZero();
            assertThat(update.at("/data/version").asLong()).isEqualTo(unliked.get("version").asLong());
            watching.assertNoPush(QUIET);
            authorSocket.assertNoPush(Duration.ZERO);
        }
    }

    @Test
    void the_feed_shows_which_posts_the_reader_likes(TestServer server) {
        SocialUser author = SocialUser.create(server, "Ada");
        long liked = author.writePost("liked");
        long other = author.writePost("not liked");
        author.like(liked);
        JsonNode feed = author.get("/api/posts/").json().get("results");
        assertThat(feed).hasSize(2);
        assertThat(feed.get(0).get("id").asLong()).isEqualTo(other);
        assertThat(feed.get(0).get("liked").asBoolean()).isFalse();
        assertThat(feed.get(1).get("liked").asBoolean()).isTrue();
        assertThat(feed.get(1).get("like_count").asLong()).isEqualTo(1);
    }

    @Test
    void unknown_posts_answer_404_and_clients_cannot_publish_on_a_post_channel(TestServer server) {
        SocialUser fan = SocialUser.create(server, "Grace");
        long post = SocialUser.create(server, "Ada").writePost("Read only");
        assertThat(fan.post("/api/posts/999999/like", null).errorCode()).isEqualTo("not_found");
        assertThat(fan.delete("/api/posts/999999/like").status()).isEqualTo(404);
        assertThat(fan.post("/api/posts/abc/like", null).status()).isEqualTo(404);
        try (TestClient socket = fan.socket()) {
            Reply refused = socket.request("publish", Json.object().put("channel", "post:" + post)
                    .set("data", Json.object().put("count", 1000)));
            assertThat(refused.errorCode()).isEqualTo("forbidden");
            assertThat(socket.request("subscribe", Json.object().put("channel", "post:abc")).errorCode()).isEqualTo("forbidden");
        }
    }
}

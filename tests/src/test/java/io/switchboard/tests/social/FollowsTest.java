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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Following: once per pair, a {@code follow} notification to the one followed, and the lists both ways. */
@SwitchboardTest(apps = {UsersApp.class, SocialApp.class})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FollowsTest {

    @Test
    void a_follow_notifies_the_followed_user_once_however_often_it_is_repeated(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser fan = SocialUser.create(server, "Grace");
        try (TestClient adaSocket = ada.socket(); TestClient fanSocket = fan.socket()) {
            JsonNode answer = SocialUser.expect(fan.post("/api/users/" + ada.id + "/follow", null), 200);
            SocialUser.expect(fan.post("/api/users/" + ada.id + "/follow/", null), 200);

            assertThat(answer.get("following").asBoolean()).isTrue();
            assertThat(answer.get("follower_id").asLong()).isEqualTo(fan.id);
            assertThat(answer.get("followee_id").asLong()).isEqualTo(ada.id);
            JsonNode notification = adaSocket.awaitEvent();
            assertThat(notification.get("type").asText()).isEqualTo("notification");
            assertThat(notification.at("/data/type").asText()).isEqualTo("follow");
            assertThat(notification.at("/data/actor/id").asLong()).isEqualTo(fan.id);
            assertThat(notification.at("/data/actor/name").asText()).isEqualTo(fan.name);
            assertThat(notification.at("/data/message").asText()).isEqualTo(fan.name + " started following you");
            adaSocket.assertNoPush(Duration.ofMillis(500));
            fanSocket.assertNoPush(Duration.ZERO);
        }
    }

    @Test
    void nobody_follows_themselves_or_a_user_who_does_not_exist(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        PostsApiTest.assertError(ada.post("/api/users/" + ada.id + "/follow", null), 400, "invalid_field", "id");
        PostsApiTest.assertError(ada.post("/api/users/987654/follow", null), 404, "not_found", null);
        PostsApiTest.assertError(ada.delete("/api/users/987654/follow"), 404, "not_found", null);
        PostsApiTest.assertError(ada.post("/api/users/me/follow", null), 404, "not_found", null);
    }

    @Test
    void followers_and_following_list_both_sides_in_pages_and_an_unfollow_removes_the_pair(TestServer server) {
        SocialUser star = SocialUser.create(server, "Star");
        List<SocialUser> fans = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            SocialUser fan = SocialUser.create(server, "Fan" + i);
            fan.follow(star);
            fans.add(fan);
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = SocialUser.expect(star.get("/api/users/" + star.id + "/followers/?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)), 200);
            page.get("results").forEach(u -> seen.add(u.get("id").asLong()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(fans.stream().map(f -> f.id).toList());

        JsonNode following = SocialUser.expect(star.get("/api/users/" + fans.get(0).id + "/following/"), 200).get("results");
        assertThat(following).hasSize(1);
        assertThat(following.get(0).get("id").asLong()).isEqualTo(star.id);
        assertThat(following.get(0).get("name").asText()).isEqualTo(star.name);

        JsonNode gone = SocialUser.expect(fans.get(0).delete("/api/users/" + star.id + "/follow"), 200);
        assertThat(gone.get("following").asBoolean()).isFalse();
        SocialUser.expect(fans.get(0).delete("/api/users/" + star.id + "/follow"), 200);
        assertThat(star.get("/api/users/" + star.id + "/followers/").json().get("results")).hasSize(4);
        PostsApiTest.assertError(star.get("/api/users/999999/followers/"), 404, "not_found", null);
    }
}

package io.switchboard.tests.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A user is online while at least one session is open: followers hear {@code user_status} when the first opens
 * and when the last closes, however many tabs and phones; others hear nothing.
 */
@SwitchboardTest(apps = {UsersApp.class, SocialApp.class})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PresenceTest {
    private static final Duration QUIET = Duration.ofMillis(500);

    @Test
    void a_follower_sees_one_online_for_two_sessions_nothing_when_one_closes_and_offline_when_the_last_does(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser follower = SocialUser.create(server, "Grace");
        SocialUser stranger = SocialUser.create(server, "Alan");
        follower.follow(ada);
        try (TestClient watching = follower.socket(); TestClient notWatching = stranger.socket()) {
            TestClient laptop = ada.socket();
            assertStatus(watching.awaitPush("user_status"), ada, "online");
            TestClient phone = server.client(ada.key());
            watching.assertNoPush(QUIET);
            assertThat(status(follower, ada)).isEqualTo("online");

            laptop.close();
            watching.assertNoPush(QUIET);
            assertThat(status(follower, ada)).isEqualTo("online");

            phone.close();
            assertStatus(watching.awaitPush("user_status"), ada, "offline");
            watching.assertNoPush(QUIET);
            assertThat(status(follower, ada)).isEqualTo("offline");
            notWatching.assertNoPush(Duration.ZERO);
        }
    }

    @Test
    void status_and_the_online_list_answer_directly(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser grace = SocialUser.create(server, "Grace");
        SocialUser alan = SocialUser.create(server, "Alan");
        try (TestClient adaSocket = ada.socket(); TestClient alanSocket = server.client(alan.key())) {
            JsonNode status = SocialUser.expect(grace.get("/api/users/" + ada.id + "/status"), 200);
            assertThat(status.get("user_id").asLong()).isEqualTo(ada.id);
            assertThat(status.get("status").asText()).isEqualTo("online");
            assertThat(status(ada, grace)).isEqualTo("offline");
            JsonNode online = SocialUser.expect(grace.get("/api/presence/?user_ids=" + ada.id + "," + grace.id + "," + alan.id), 200);
            assertThat(online.get("online")).extracting(JsonNode::asLong).containsExactly(ada.id, alan.id);
        }
        PostsApiTest.assertError(grace.get("/api/users/999999/status"), 404, "not_found", null);
        PostsApiTest.assertError(grace.get("/api/presence/"), 400, "missing_field", "user_ids");
        PostsApiTest.assertError(grace.get("/api/presence/?user_ids=1,x"), 400, "invalid_field", "user_ids");
        StringBuilder many = new StringBuilder("1");
        for (int i = 2; i <= 1001; i++) {
            many.append(',').append(i);
        }
        PostsApiTest.assertError(grace.get("/api/presence/?user_ids=" + many), 400, "invalid_field", "user_ids");
    }

    private static String status(SocialUser asker, SocialUser user) {
        return SocialUser.expect(asker.get("/api/users/" + user.id + "/status/"), 200).get("status").asText();
    }

    private static void assertStatus(JsonNode frame, SocialUser user, String status) {
        assertThat(frame.has("seq")).as("user_status is live only").isFalse();
        assertThat(frame.at("/data/user_id").asLong()).isEqualTo(user.id);
        assertThat(frame.at("/data/status").asText()).isEqualTo(status);
    }
}

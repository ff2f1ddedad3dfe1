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

/** A new post goes live to its author's followers as {@code new_post}, and to nobody else. */
@SwitchboardTest(apps = {UsersApp.class, SocialApp.class})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NewPostsTest {

    @Test
    void a_followers_feed_gets_the_post_as_it_is_written_and_others_get_nothing(TestServer server) {
        SocialUser ada = SocialUser.create(server, "Ada");
        SocialUser fan = SocialUser.create(server, "Grace");
        SocialUser stranger = SocialUser.create(server, "Alan");
        fan.follow(ada);
        try (TestClient fanSocket = fan.socket(); TestClient strangerSocket = stranger.socket()) {
            long post = ada.writePost("Notes on the analytical engine");

            JsonNode pushed = fanSocket.awaitPush("new_post");
            assertThat(pushed.has("seq")).as("live only").isFalse();
            assertThat(pushed.at("/data/id").asLong()).isEqualTo(post);
            assertThat(pushed.at("/data/author/id").asLong()).isEqualTo(ada.id);
            assertThat(pushed.at("/data/content").asText()).isEqualTo("Notes on the analytical engine");
            assertThat(pushed.at("/data/like_count").asLong()).isZero();
            assertThat(pushed.at("/data/liked").asBoolean()).isFalse();
            strangerSocket.assertNoPush(Duration.ofMillis(300));
        }
    }
}

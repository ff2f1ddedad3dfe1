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

/** Notifications are durable per-user events: every open session gets them, and an offline user on return. */
@SwitchboardTest(apps = {UsersApp.class, SocialApp.class})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotificationDeliveryTest {

    @Test
    void every_open_session_of_the_author_gets_the_notification(TestServer server) {
        SocialUser author = SocialUser.create(server, "Ada");
        SocialUser fan = SocialUser.create(server, "Grace");
        long post = author.writePost("Two tabs");
        try (TestClient laptop = author.socket(); TestClient phone = author.socket(); TestClient fanSocket = fan.socket()) {
            fan.like(post);
            JsonNode onLaptop = laptop.awaitEvent();
            JsonNode onPhone = phone.awaitEvent();
            assertThat(onLaptop).isEqualTo(onPhone);
            assertThat(onLaptop.at("/data/type").asText()).isEqualTo("like");
            fanSocket.assertNoPush(Duration.ofMillis(300));
        }
    }

    @Test
    void an_offline_author_gets_what_was_missed_on_reconnect_in_order_and_once(TestServer server) {
        SocialUser author = SocialUser.create(server, "Ada");
        SocialUser liker = SocialUser.create(server, "Grace");
        SocialUser commenter = SocialUser.create(server, "Charles");
        SocialUser follower = SocialUser.create(server, "Alan");
        long post = author.writePost("While you were out");

        liker.like(post);
        SocialUser.expect(commenter.post("/api/posts/" + post + "/comments/", Map.of("content", "Welcome back")), 201);
        follower.follow(author);
        liker.like(post);

        List<String> types = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        try (TestClient back = author.socket()) {
            for (int i = 0; i < 3; i++) {
                JsonNode event = back.awaitEvent();
                assertThat(event.get("type").asText()).isEqualTo("notification");
                types.add(event.at("/data/type").asText());
                seqs.add(event.get("seq").asLong());
            }
            back.assertNoPush(Duration.ofMillis(300));
            back.ackEvents(seqs.get(2)).assertAck();
        }
        assertThat(types).containsExactly("like", "comment", "follow");
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        try (TestClient again = author.socket()) {
            again.assertNoPush(Duration.ofMillis(500));
        }
    }
}

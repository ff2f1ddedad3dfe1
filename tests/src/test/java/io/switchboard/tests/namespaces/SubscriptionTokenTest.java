package io.switchboard.tests.namespaces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * In a namespace with {@code subscribe=token}, a client subscribes with a subscription token the backend signed
 * ({@code sub}, {@code channel}, {@code exp}); the subscription ends with {@code unsubscribed} when the token runs
 * out, unless {@code sub_refresh} brings a fresh one.
 */
@SwitchboardTest(settings = "namespace.room.subscribe=token")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubscriptionTokenTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private final TestServer server;

    SubscriptionTokenTest(TestServer server) {
        this.server = server;
    }

    private Reply subscribe(TestClient client, String channel, String token) {
        return client.request("subscribe", Map.of("channel", channel, "token", token));
    }

    @Test
    void a_token_for_the_channel_lets_its_user_subscribe_receive_and_publish() {
        try (TestClient alice = server.client("alice")) {
            subscribe(alice, "room:1", server.subscriptionToken("alice", "room:1", HOUR)).assertAck();

            alice.publish("room:1", Map.of("text", "mine"));

            assertThat(alice.awaitMessage("room:1").at("/data/text").asText()).isEqualTo("mine");
        }
    }

    @Test
    void without_a_token_the_subscribe_is_forbidden_on_the_token_field() {
        try (TestClient alice = server.client("alice")) {
            Reply reply = alice.request("subscribe", Map.of("channel", "room:1"));

            assertThat(reply.errorCode()).isEqualTo("forbidden");
            assertThat(reply.errorField()).isEqualTo("data.token");
        }
    }

    @Test
    void a_token_for_another_channel_another_user_or_an_expired_one_is_refused() {
        try (TestClient alice = server.client("alice")) {
            Reply otherChannel = subscribe(alice, "room:1", server.subscriptionToken("alice", "room:2", HOUR));
            Reply otherUser = subscribe(alice, "room:1", server.subscriptionToken("bob", "room:1", HOUR));
            Reply expired = subscribe(alice, "room:1", server.subscriptionToken("alice", "room:1", Duration.ofMinutes(-1)));
            Reply garbage = subscribe(alice, "room:1", "not-a-jwt");

            assertThat(otherChannel.errorCode()).isEqualTo("forbidden");
            assertThat(otherChannel.errorMessage()).contains("grants room:2");
            assertThat(otherUser.errorCode()).isEqualTo("forbidden");
            assertThat(otherUser.errorMessage()).contains("another user");
            assertThat(expired.errorCode()).isEqualTo("unauthorized");
            assertThat(expired.errorMessage()).contains("expired");
            assertThat(garbage.errorCode()).isEqualTo("unauthorized");
            for (Reply r : new Reply[] {otherChannel, otherUser, expired, garbage}) {
                assertThat(r.errorField()).isEqualTo("data.token");
            }
            assertThat(alice.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void an_access_token_is_not_a_subscription_token_and_a_subscription_token_opens_no_socket() {
        try (TestClient alice = server.client("alice")) {
            Reply reply = subscribe(alice, "room:1", server.token("alice"));

            assertThat(reply.errorCode()).isEqualTo("unauthorized");
            assertThat(reply.errorMessage()).contains("channel claim");
        }
        TestClient sneaky = server.connect(io.switchboard.testkit.ConnectOptions.tokenInQuery(
                server.subscriptionToken("alice", "room:1", HOUR)));
        assertThat(sneaky.awaitClose().code()).isEqualTo(4002);
    }

    @Test
    void a_pattern_ending_in_a_star_grants_the_channels_it_starts_and_no_other() {
        try (TestClient alice = server.client("alice")) {
            String token = server.subscriptionToken("alice", "room:team-*", HOUR);

            subscribe(alice, "room:team-1", token).assertAck();
            subscribe(alice, "room:team-2:chat", token).assertAck();
            Reply outside = subscribe(alice, "room:other", token);

            assertThat(outside.errorCode()).isEqualTo("forbidden");
            assertThat(outside.errorField()).isEqualTo("data.token");
        }
    }

    @Test
    void when_the_token_runs_out_the_subscription_ends_with_unsubscribed_subscription_expired() {
        try (TestClient alice = server.client("alice")) {
            subscribe(alice, "room:short", server.subscriptionToken("alice", "room:short", Duration.ofSeconds(2))).assertAck();

            JsonNode ended = alice.awaitPush("unsubscribed");

            assertThat(ended.path("channel").asText()).isEqualTo("room:short");
            assertThat(ended.at("/data/code").asText()).isEqualTo("subscription_expired");
            server.http().publish("room:short", "after");
            alice.assertNoPush(Duration.ofMillis(300));
            Reply publish = alice.request("publish", Map.of("channel", "room:short", "data", "x"));
            assertThat(publish.errorCode()).isEqualTo("forbidden");
        }
    }

    @Test
    void sub_refresh_with_a_fresh_token_keeps_the_subscription_past_the_first_tokens_expiry() {
        try (TestClient alice = server.client("alice")) {
            subscribe(alice, "room:kept", server.subscriptionToken("alice", "room:kept", Duration.ofSeconds(2))).assertAck();
            // Issued after the first, so it runs out no sooner: its end proves the first token's time has passed.
            subscribe(alice, "room:witness", server.subscriptionToken("alice", "room:witness", Duration.ofSeconds(2))).assertAck();

            alice.request("sub_refresh", Map.of("channel", "room:kept",
                    "token", server.subscriptionToken("alice", "room:kept", HOUR))).assertAck();

            JsonNode ended = alice.awaitPush("unsubscribed");
            assertThat(ended.path("channel").asText()).isEqualTo("room:witness");
            server.http().publish("room:kept", "still here");
            assertThat(alice.awaitMessage("room:kept").path("data").asText()).isEqualTo("still here");
            alice.assertNoPush(Duration.ofMillis(300));
        }
    }

    @Test
    void sub_refresh_refuses_a_bad_token_and_a_channel_not_subscribed_with_one() {
        try (TestClient alice = server.client("alice")) {
            subscribe(alice, "room:r", server.subscriptionToken("alice", "room:r", HOUR)).assertAck();
            alice.subscribe("public:lobby");

            Reply wrongChannel = alice.request("sub_refresh", Map.of("channel", "room:r",
                    "token", server.subscriptionToken("alice", "room:s", HOUR)));
            Reply otherUser = alice.request("sub_refresh", Map.of("channel", "room:r",
                    "token", server.subscriptionToken("bob", "room:r", HOUR)));
            Reply expired = alice.request("sub_refresh", Map.of("channel", "room:r",
                    "token", server.subscriptionToken("alice", "room:r", Duration.ofMinutes(-1))));
            Reply notSubscribed = alice.request("sub_refresh", Map.of("channel", "room:s",
                    "token", server.subscriptionToken("alice", "room:s", HOUR)));
            Reply noToken = alice.request("sub_refresh", Map.of("channel", "public:lobby",
                    "token", server.subscriptionToken("alice", "public:lobby", HOUR)));

            assertThat(wrongChannel.errorCode()).isEqualTo("forbidden");
            assertThat(wrongChannel.errorField()).isEqualTo("data.token");
            assertThat(otherUser.errorCode()).isEqualTo("forbidden");
            assertThat(expired.errorCode()).isEqualTo("unauthorized");
            assertThat(expired.errorField()).isEqualTo("data.token");
            assertThat(notSubscribed.errorCode()).isEqualTo("forbidden");
            assertThat(notSubscribed.errorField()).isEqualTo("data.channel");
            assertThat(noToken.errorCode()).isEqualTo("forbidden");
        }
    }
}

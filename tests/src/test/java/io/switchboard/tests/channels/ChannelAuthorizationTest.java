package io.switchboard.tests.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelAuthorizationTest {
    private final TestServer server;

    ChannelAuthorizationTest(TestServer server) {
        this.server = server;
    }

    @Test
    void subscribing_to_another_users_channel_is_forbidden_and_the_connection_lives_on() {
        try (TestClient alice = server.client("alice")) {
            Reply reply = alice.request("subscribe", Map.of("channel", "user:bob"));

            assertThat(reply.isError()).as("reply %s", reply).isTrue();
            assertThat(reply.errorCode()).isEqualTo("forbidden");
            assertThat(reply.errorField()).isEqualTo("data.channel");
            assertThat(alice.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void subscribing_to_an_unregistered_namespace_is_forbidden() {
        try (TestClient alice = server.client("alice")) {
            Reply reply = alice.request("subscribe", Map.of("channel", "nobodyowns:this"));

            assertThat(reply.errorCode()).isEqualTo("forbidden");
            assertThat(reply.errorField()).isEqualTo("data.channel");
            assertThat(alice.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void publishing_to_another_users_channel_is_forbidden() {
        try (TestClient alice = server.client("alice")) {
            Reply reply = alice.request("publish", Map.of("channel", "user:bob", "data", "hi"));

            assertThat(reply.errorCode()).isEqualTo("forbidden");
            assertThat(reply.errorField()).isEqualTo("data.channel");
        }
    }

    @Test
    void a_user_may_subscribe_to_their_own_user_channel_and_receive_on_it() {
        try (TestClient alice = server.client("alice")) {
            alice.subscribe("user:alice");

            assertThat(server.http().publish("user:alice", Map.of("note", "for you")).status()).isEqualTo(202);
            assertThat(alice.awaitMessage("user:alice").path("data").path("note").asText()).isEqualTo("for you");
        }
    }

    @Test
    void a_refused_subscription_delivers_nothing_from_that_channel() {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            bob.subscribe("user:bob");
            assertThat(alice.request("subscribe", Map.of("channel", "user:bob")).errorCode()).isEqualTo("forbidden");

            server.http().publish("user:bob", "private");

            assertThat(bob.awaitMessage("user:bob").path("data").asText()).isEqualTo("private");
            alice.assertNoPush(java.time.Duration.ofMillis(200));
        }
    }
}

package io.switchboard.tests.channels;

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

@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubscribeAndPublishTest {
    private final TestServer server;

    SubscribeAndPublishTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_publication_reaches_another_subscriber_as_a_message_frame() {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            Reply subscribed = alice.request("subscribe", Map.of("channel", "public:lobby"));
            Reply published = bob.request("publish", Map.of("channel", "public:lobby", "data", Map.of("text", "hello")));

            JsonNode message = alice.awaitMessage("public:lobby");

            assertThat(subscribed.isAck()).as("subscribe answered %s", subscribed).isTrue();
            assertThat(published.isAck()).as("publish answered %s", published).isTrue();
            assertThat(message.path("type").asText()).isEqualTo("message");
            assertThat(message.path("channel").asText()).isEqualTo("public:lobby");
            assertThat(message.path("data").path("text").asText()).isEqualTo("hello");
        }
    }

    @Test
    void the_publisher_receives_its_own_publication_when_subscribed() {
        try (TestClient alice = server.client("alice")) {
            alice.subscribe("public:echo");
            alice.publish("public:echo", Map.of("n", 1));

            assertThat(alice.awaitMessage("public:echo").path("data").path("n").asInt()).isEqualTo(1);
        }
    }

    @Test
    void every_subscriber_of_a_channel_receives_the_publication() {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob");
             TestClient carol = server.client("carol")) {
            alice.subscribe("public:all");
            bob.subscribe("public:all");

            carol.publish("public:all", "to everyone");

            assertThat(alice.awaitMessage("public:all").path("data").asText()).isEqualTo("to everyone");
            assertThat(bob.awaitMessage("public:all").path("data").asText()).isEqualTo("to everyone");
        }
    }

    @Test
    void a_subscriber_does_not_receive_other_channels() {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            alice.subscribe("public:mine");

            bob.publish("public:other", "not for alice");
            bob.publish("public:mine", "for alice");

            assertThat(alice.awaitMessage("public:mine").path("data").asText()).isEqualTo("for alice");
            alice.assertNoPush(Duration.ofMillis(200));
        }
    }

    @Test
    void after_unsubscribe_no_more_messages_arrive() {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            alice.subscribe("public:news");
            bob.publish("public:news", "first");
            assertThat(alice.awaitMessage("public:news").path("data").asText()).isEqualTo("first");

            Reply unsubscribed = alice.request("unsubscribe", Map.of("channel", "public:news"));
            bob.publish("public:news", "second");

            assertThat(unsubscribed.isAck()).as("unsubscribe answered %s", unsubscribed).isTrue();
            alice.assertNoPush(Duration.ofMillis(300));
            assertThat(alice.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void subscribing_twice_is_acknowledged_and_delivers_once() {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            alice.subscribe("public:twice");
            alice.subscribe("public:twice");

            bob.publish("public:twice", "once");

            assertThat(alice.awaitMessage("public:twice").path("data").asText()).isEqualTo("once");
            alice.assertNoPush(Duration.ofMillis(200));
        }
    }
}

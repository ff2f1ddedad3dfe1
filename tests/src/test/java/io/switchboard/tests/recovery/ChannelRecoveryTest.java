package io.switchboard.tests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
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
 * A subscriber that comes back with its position gets the publications it missed, before the subscribe's ack,
 * or is told plainly that they cannot be recovered.
 */
@SwitchboardTest(settings = "channel-history=public=5/60s,user=100/1s")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelRecoveryTest {

    @Test
    void a_resubscribe_with_its_position_gets_the_missed_publications_before_the_ack(TestServer server) {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            Reply first = alice.request("subscribe", Json.object().put("channel", "public:news"));
            first.assertAck();
            String epoch = first.data().path("epoch").asText();
            assertThat(epoch).isNotEmpty();
            assertThat(first.data().path("offset").asLong()).isZero();
            assertThat(first.data().has("recovered")).isFalse();

            for (int i = 1; i <= 3; i++) {
                bob.publish("public:news", Map.of("n", i));
            }
            JsonNode third = null;
            for (int i = 1; i <= 3; i++) {
                third = alice.awaitMessage("public:news");
            }
            assertThat(Json.write(third)).isEqualTo("{\"type\":\"message\",\"channel\":\"public:news\",\"offset\":3,\"epoch\":\""
                    + epoch + "\",\"data\":{\"n\":3}}");
            alice.unsubscribe("public:news");

            bob.publish("public:news", Map.of("n", 4));
            bob.publish("public:news", Map.of("n", 5));

            Reply again = alice.request("subscribe", recover("public:news", epoch, 3));
            // The missed publications came first: they were read before the ack.
            JsonNode fourth = alice.awaitMessage("public:news", Duration.ZERO);
            JsonNode fifth = alice.awaitMessage("public:news", Duration.ZERO);
            assertThat(fourth.path("offset").asLong()).isEqualTo(4);
            assertThat(fifth.path("offset").asLong()).isEqualTo(5);
            assertThat(fifth.at("/data/n").asInt()).isEqualTo(5);
            again.assertAck();
            assertThat(again.data().path("recovered").asBoolean()).isTrue();
            assertThat(again.data().path("epoch").asText()).isEqualTo(epoch);
            assertThat(again.data().path("offset").asLong()).isEqualTo(5);
            alice.assertNoPush(Duration.ofMillis(200));

            bob.publish("public:news", Map.of("n", 6));
            assertThat(alice.awaitMessage("public:news").path("offset").asLong()).isEqualTo(6);
        }
    }

    @Test
    void a_position_from_another_epoch_is_not_recovered(TestServer server) {
        try (TestClient alice = server.client("alice")) {
            server.http().publish("public:epochs", Map.of("n", 1));
            Reply reply = alice.request("subscribe", recover("public:epochs", "not-this-one", 0));

            reply.assertAck();
            assertThat(reply.data().path("recovered").asBoolean()).isFalse();
            assertThat(reply.data().path("offset").asLong()).isEqualTo(1);
            assertThat(reply.data().path("epoch").asText()).isNotEqualTo("not-this-one");
            alice.assertNoPush(Duration.ofMillis(200));
        }
    }

    @Test
    void more_missed_publications_than_the_history_keeps_are_not_recovered(TestServer server) {
        try (TestClient alice = server.client("alice")) {
            Reply first = alice.request("subscribe", Json.object().put("channel", "public:busy"));
            alice.unsubscribe("public:busy");
            for (int i = 1; i <= 8; i++) {
                server.http().publish("public:busy", Map.of("n", i));
            }
            Reply reply = alice.request("subscribe", recover("public:busy", first.data().path("epoch").asText(), 0));

            assertThat(reply.data().path("recovered").asBoolean()).isFalse();
            assertThat(reply.data().path("offset").asLong()).isEqualTo(8);
            alice.assertNoPush(Duration.ofMillis(200));
            // The last five are still there for a position inside them.
            alice.unsubscribe("public:busy");
            Reply inside = alice.request("subscribe", recover("public:busy", first.data().path("epoch").asText(), 4));
            assertThat(inside.data().path("recovered").asBoolean()).isTrue();
        }
    }

    @Test
    void publications_older_than_the_history_age_are_not_recovered(TestServer server) {
        try (TestClient alice = server.client("alice")) {
            Reply first = alice.request("subscribe", Json.object().put("channel", "user:alice"));
            alice.unsubscribe("user:alice");
            server.http().publish("user:alice", Map.of("n", 1));
            sleep(1500);
            Reply reply = alice.request("subscribe", recover("user:alice", first.data().path("epoch").asText(), 0));

            assertThat(reply.data().path("recovered").asBoolean()).isFalse();
            assertThat(reply.data().path("offset").asLong()).isEqualTo(1);
        }
    }

    @Test
    void a_malformed_recover_is_an_invalid_field(TestServer server) {
        try (TestClient alice = server.client("alice")) {
            ObjectNode bad = Json.object().put("channel", "public:news");
            bad.set("recover", Json.object().put("epoch", "e").put("offset", -1));
            Reply reply = alice.request("subscribe", bad);
            assertThat(reply.errorCode()).isEqualTo("invalid_field");
            assertThat(reply.errorField()).isEqualTo("data.recover.offset");
        }
    }

    static ObjectNode recover(String channel, String epoch, long offset) {
        ObjectNode data = Json.object().put("channel", channel);
        data.set("recover", Json.object().put("epoch", epoch).put("offset", offset));
        return data;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

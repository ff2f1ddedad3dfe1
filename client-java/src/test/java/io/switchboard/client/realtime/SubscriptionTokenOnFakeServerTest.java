package io.switchboard.client.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.Backoff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Subscription tokens (SPEC-16): sent with every subscribe, fetched again after a reconnect, and refreshed with
 * {@code sub_refresh} before they expire. Against {@link FakeNode} until the server has them.
 */
@FakeServerUntilMerged
@Timeout(30)
class SubscriptionTokenOnFakeServerTest {
    /** An unsigned JWT (the fake does not verify) for the channel, numbered, that expires in {@code seconds}. */
    private static String token(String channel, int n, long seconds) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long exp = System.currentTimeMillis() / 1000 + seconds;
        String claims = "{\"sub\":\"alice\",\"channel\":\"" + channel + "\",\"n\":" + n + ",\"exp\":" + exp + "}";
        return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    private static SwitchboardChannels client(FakeNode node) {
        return SwitchboardChannels.builder(node.url()).token("t")
                .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), 2.0, 0.0)).build();
    }

    @Test
    void the_token_goes_with_the_subscribe_and_is_refreshed_with_sub_refresh_before_it_expires() {
        AtomicInteger issued = new AtomicInteger();
        try (FakeNode node = new FakeNode((req, ws) -> List.of(FakeNode.ack(req, null))); SwitchboardChannels c = client(node)) {
            c.connect();
            c.subscribe("room:1", SubscriptionOptions.none().withToken(ch -> token(ch, issued.incrementAndGet(), 3)), p -> { }).join();
            assertThat(claimN(node.requests("subscribe").get(0).path("data").path("token").asText())).isEqualTo("1");

            await().atMost(Duration.ofSeconds(10)).until(() -> node.requests("sub_refresh").size() >= 2);
            List<String> refreshed = node.requests("sub_refresh").stream()
                    .map(f -> f.path("data").path("channel").asText() + " " + claimN(f.path("data").path("token").asText()))
                    .collect(Collectors.toList());
            assertThat(refreshed.subList(0, 2)).containsExactly("room:1 2", "room:1 3");
        }
    }

    @Test
    void after_a_reconnect_the_subscribe_carries_a_fresh_token() {
        AtomicInteger issued = new AtomicInteger();
        try (FakeNode node = new FakeNode((req, ws) -> List.of(FakeNode.ack(req, null))); SwitchboardChannels c = client(node)) {
            c.connect();
            c.subscribe("room:1", SubscriptionOptions.none().withToken(ch -> token(ch, issued.incrementAndGet(), 3600)), p -> { }).join();
            node.sockets.get(0).close(4100, "slow consumer");
            await().atMost(Duration.ofSeconds(10)).until(() -> node.requests("subscribe").size() == 2);

            assertThat(node.requests("subscribe").stream().map(f -> claimN(f.path("data").path("token").asText())))
                    .containsExactly("1", "2");
            assertThat(node.requests("sub_refresh")).as("an hour-long token is not refreshed yet").isEmpty();
        }
    }

    @Test
    void no_token_from_the_supplier_fails_the_subscribe_without_sending_it() {
        try (FakeNode node = new FakeNode((req, ws) -> List.of(FakeNode.ack(req, null))); SwitchboardChannels c = client(node)) {
            c.connect();
            assertThatThrownBy(() -> c.subscribe("room:1", SubscriptionOptions.none().withToken(ch -> null), p -> { }).join())
                    .hasMessageContaining("no subscription token for room:1");
            c.publish("room:2", "marker").join();
            assertThat(node.requests("subscribe")).isEmpty();
        }
    }

    private static String claimN(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return io.switchboard.protocol.Json.parse(payload).path("n").asText();
    }
}

package io.switchboard.client.e2e.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.Backoff;
import io.switchboard.client.realtime.RealtimeState;
import io.switchboard.client.realtime.RequestFailedException;
import io.switchboard.client.realtime.Subscription;
import io.switchboard.client.realtime.SubscriptionOptions;
import io.switchboard.client.realtime.SubscriptionTokenSupplier;
import io.switchboard.client.realtime.SwitchboardChannels;
import io.switchboard.testkit.TcpProxy;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Subscription tokens against a real node whose {@code room} namespace needs one ({@code subscribe=token}): the client
 * sends its supplier's token with every subscribe, refreshes it with {@code sub_refresh} before it runs out, and is
 * told {@code subscription_expired} when it could not.
 */
@Timeout(60)
class SubscriptionTokenOnRealServerTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("namespace.room.subscribe", "token", "namespace.room.presence", "true"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SwitchboardChannels client(String url, Seen seen) {
        return SwitchboardChannels.builder(url).tokenSupplier(() -> server.token("alice")).listener(seen)
                .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(300), 2.0, 0.5)).build();
    }

    private static SwitchboardChannels client(Seen seen) {
        return client("http://127.0.0.1:" + server.port(), seen);
    }

    /** A supplier of alice's tokens for the channel, each valid for {@code ttl}, counting what it issued. */
    private static SubscriptionTokenSupplier issuing(Duration ttl, AtomicInteger issued) {
        return channel -> {
            issued.incrementAndGet();
            return server.subscriptionToken("alice", channel, ttl);
        };
    }

    private static int subscribers(String channel) {
        return server.http().postJson("/api/presence_stats", Map.of("channel", channel), Map.of("X-Api-Key", server.apiKey()))
                .json().at("/result/num_clients").asInt();
    }

    @Test
    void a_short_token_refreshed_before_it_runs_out_keeps_the_subscription_past_its_first_expiry() {
        Seen seen = new Seen();
        AtomicInteger issued = new AtomicInteger();
        try (SwitchboardChannels a = client(seen)) {
            a.connect();
            long firstExpiry = System.currentTimeMillis() + 3000;
            Subscription sub = a.subscribe("room:refreshed", SubscriptionOptions.none().withToken(issuing(Duration.ofSeconds(3), issued)),
                    seen).join();

            await().atMost(Duration.ofSeconds(20)).until(() -> issued.get() >= 4 && System.currentTimeMillis() > firstExpiry + 1000);
            server.http().publish("room:refreshed", Map.of("n", 1));

            await().atMost(Duration.ofSeconds(10)).until(() -> seen.numbers().equals(List.of(1)));
            assertThat(sub.isActive()).isTrue();
            assertThat(seen.ended).isEmpty();
            assertThat(subscribers("room:refreshed")).isEqualTo(1);
        }
    }

    @Test
    void a_token_that_runs_out_without_a_fresh_one_ends_the_subscription_with_subscription_expired() {
        Seen seen = new Seen();
        AtomicInteger asked = new AtomicInteger();
        try (SwitchboardChannels a = client(seen)) {
            a.connect();
            // The backend grants two seconds once, then nothing more (the supplier returns no token).
            Subscription sub = a.subscribe("room:expiring", SubscriptionOptions.none().withToken(channel ->
                    asked.incrementAndGet() == 1 ? server.subscriptionToken("alice", channel, Duration.ofSeconds(2)) : null), seen).join();
            assertThat(sub.isActive()).isTrue();

            await().atMost(Duration.ofSeconds(15)).until(() -> !seen.ended.isEmpty());
            assertThat(seen.ended).containsExactly("room:expiring subscription_expired");
            assertThat(sub.isActive()).isFalse();
            assertThat(asked.get()).as("the client asked for a fresh token before it ran out").isGreaterThan(1);
            assertThat(subscribers("room:expiring")).isZero();
            assertThat(a.state()).as("the connection lives on").isEqualTo(RealtimeState.CONNECTED);
        }
    }

    @Test
    void after_a_reconnect_the_subscribe_carries_a_fresh_token_from_the_supplier() {
        Seen seen = new Seen();
        AtomicInteger issued = new AtomicInteger();
        try (TcpProxy proxy = TcpProxy.to(server.port()); SwitchboardChannels a = client(proxy.url(), seen)) {
            a.connect();
            Subscription sub = a.subscribe("room:again", SubscriptionOptions.none().withToken(issuing(Duration.ofHours(1), issued)),
                    seen).join();
            assertThat(issued.get()).isEqualTo(1);

            proxy.cut();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.state() == RealtimeState.RECONNECTING);
            proxy.restore();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.sessions.size() == 2 && sub.isActive());

            assertThat(issued.get()).isEqualTo(2);
            server.http().publish("room:again", Map.of("n", 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.numbers().equals(List.of(1)));
        }
    }

    @Test
    void a_token_the_server_refuses_after_a_reconnect_ends_the_subscription_with_the_servers_code() {
        Seen seen = new Seen();
        AtomicInteger asked = new AtomicInteger();
        try (TcpProxy proxy = TcpProxy.to(server.port()); SwitchboardChannels a = client(proxy.url(), seen)) {
            a.connect();
            // The second token, after the reconnect, grants another channel: the server refuses it.
            Subscription sub = a.subscribe("room:revoked", SubscriptionOptions.none().withToken(channel -> server.subscriptionToken(
                    "alice", asked.incrementAndGet() == 1 ? channel : "room:elsewhere", Duration.ofHours(1))), seen).join();

            proxy.cut();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.state() == RealtimeState.RECONNECTING);
            proxy.restore();

            await().atMost(Duration.ofSeconds(10)).until(() -> !seen.ended.isEmpty());
            assertThat(seen.ended).containsExactly("room:revoked forbidden");
            assertThat(sub.isActive()).isFalse();
            assertThat(a.state()).isEqualTo(RealtimeState.CONNECTED);
        }
    }

    @Test
    void without_a_token_the_server_refuses_on_the_token_field_and_a_supplier_without_one_sends_nothing() {
        Seen seen = new Seen();
        try (SwitchboardChannels a = client(seen)) {
            a.connect();
            assertThatThrownBy(() -> a.subscribe("room:closed", seen).join()).satisfies(e -> {
                assertThat(e.getCause()).isInstanceOf(RequestFailedException.class);
                RequestFailedException refused = (RequestFailedException) e.getCause();
                assertThat(refused.error().code()).isEqualTo("forbidden");
                assertThat(refused.error().field()).isEqualTo("data.token");
            });

            assertThatThrownBy(() -> a.subscribe("room:closed", SubscriptionOptions.none().withToken(channel -> null), seen).join())
                    .hasMessageContaining("no subscription token for room:closed");
            assertThat(subscribers("room:closed")).isZero();
            assertThat(a.state()).isEqualTo(RealtimeState.CONNECTED);
        }
    }
}

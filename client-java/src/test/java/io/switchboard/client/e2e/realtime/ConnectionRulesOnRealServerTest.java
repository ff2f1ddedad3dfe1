package io.switchboard.client.e2e.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.Backoff;
import io.switchboard.client.realtime.RealtimeState;
import io.switchboard.client.realtime.SwitchboardChannels;
import io.switchboard.client.realtime.TokenSupplier;
import io.switchboard.client.realtime.UserEvents;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connection rules against a real node: refused credentials (4001–4003) stop the client without a retry, a node
 * going away (1001) is reconnected with backoff, and a token that is about to expire is refreshed on the live session.
 */
@Timeout(60)
class ConnectionRulesOnRealServerTest {
    /** One key for every node of a test, so that a token from the node before a restart is good on the one after. */
    private static final Map<String, String> SETTINGS = Map.of("jwt-secret", "the-nodes-of-this-test-share-this-secret");
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(SETTINGS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private static TokenSupplier counting(AtomicInteger calls, TokenSupplier tokens) {
        return () -> {
            calls.incrementAndGet();
            return tokens.token();
        };
    }

    @Test
    void an_expired_token_is_closed_with_4002_and_the_client_does_not_try_again() {
        Seen seen = new Seen();
        AtomicInteger asked = new AtomicInteger();
        try (SwitchboardChannels alice = SwitchboardChannels.builder(url()).listener(seen)
                .tokenSupplier(counting(asked, () -> server.token("alice", Duration.ofMinutes(-5))))
                .backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(50), 2.0, 0.0)).build()) {
            alice.connect();
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.state() == RealtimeState.AUTH_FAILED);
            // Watched for ten backoff periods: a client that retried would have asked for a token again.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> asked.get() == 1);

            assertThat(seen.authFailures).hasSize(1);
            assertThat(seen.authFailures.get(0).closeCode()).isEqualTo(4002);
            assertThat(seen.sessions).isEmpty();
        }
    }

    @Test
    void a_token_for_another_user_on_the_user_socket_is_closed_with_4003_and_not_retried() {
        Seen seen = new Seen();
        AtomicInteger asked = new AtomicInteger();
        try (UserEvents events = UserEvents.builder(url(), "ada").listener(seen)
                .tokenSupplier(counting(asked, () -> server.token("mallory")))
                .backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(50), 2.0, 0.0)).build()) {
            events.connect();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.state() == RealtimeState.AUTH_FAILED);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> asked.get() == 1);
            assertThat(seen.authFailures.get(0).closeCode()).isEqualTo(4003);
        }
    }

    @Test
    void no_token_from_the_supplier_stops_the_client_before_it_knocks() {
        Seen seen = new Seen();
        try (SwitchboardChannels alice = SwitchboardChannels.builder(url()).listener(seen).tokenSupplier(() -> null).build()) {
            alice.connect();
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.state() == RealtimeState.AUTH_FAILED);
            assertThat(seen.authFailures.get(0).closeCode()).isEqualTo(4001);
            assertThat(server.metric("switchboard_closes_total{code=\"4001\"}")).isZero();
        }
    }

    @Test
    void a_node_that_shuts_down_is_reconnected_with_backoff_when_it_is_back() {
        Seen seen = new Seen();
        int port = server.port();
        try (SwitchboardChannels alice = SwitchboardChannels.builder(url()).listener(seen)
                .tokenSupplier(() -> server.token("alice"))
                .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(300), 2.0, 0.5)).maxReconnectAttempts(1000).build()) {
            alice.connect();
            alice.subscribe("public:back", seen).join();
            server.close(); // 1001 to every session
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.state() == RealtimeState.RECONNECTING);

            Map<String, String> again = new HashMap<>(SETTINGS);
            again.put("port", String.valueOf(port));
            server = TestServer.start(again);
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.sessions.size() == 2 && alice.state() == RealtimeState.CONNECTED);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                server.http().publish("public:back", Map.of("n", 1)); // the renewed subscription may still be on its way
                return !seen.publications.isEmpty();
            });
            assertThat(seen.states).doesNotContain(RealtimeState.CLOSED, RealtimeState.AUTH_FAILED, RealtimeState.FAILED);
        }
    }

    @Test
    void a_short_lived_token_is_refreshed_on_the_live_session_before_it_expires() {
        Seen seen = new Seen();
        AtomicInteger asked = new AtomicInteger();
        try (SwitchboardChannels alice = SwitchboardChannels.builder(url()).listener(seen)
                .tokenSupplier(counting(asked, () -> server.token("alice", Duration.ofSeconds(4)))).build()) {
            alice.connect();
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.state() == RealtimeState.CONNECTED);
            String session = alice.sessionId();

            // Two token lifetimes later the first session is still the one in use: each token was refreshed in time.
            await().atMost(Duration.ofSeconds(30)).until(() -> asked.get() >= 5);
            alice.subscribe("public:fresh", seen).join();
            alice.publish("public:fresh", Map.of("n", 1)).join();

            assertThat(alice.sessionId()).isEqualTo(session);
            assertThat(seen.sessions).hasSize(1);
        }
    }
}

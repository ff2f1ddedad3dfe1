package io.switchboard.client.e2e.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.Backoff;
import io.switchboard.client.realtime.RealtimeState;
import io.switchboard.client.realtime.StreamPosition;
import io.switchboard.client.realtime.Subscription;
import io.switchboard.client.realtime.SwitchboardChannels;
import io.switchboard.testkit.TcpProxy;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscription outlives its socket: after a reconnect the client subscribes again with {@code recover}, and the
 * subscriber gets what was published while it was away, then the live publications, each once and in order.
 */
@Timeout(60)
class ChannelRecoveryTest {
    TestServer server;
    TcpProxy proxy;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("channel-history", "public=1000/10m"));
        proxy = TcpProxy.to(server.port());
    }

    @AfterEach
    void stop() {
        proxy.close();
        server.close();
    }

    private SwitchboardChannels client(String url, Seen seen) {
        return SwitchboardChannels.builder(url).tokenSupplier(() -> server.token("alice")).listener(seen)
                .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(300), 2.0, 0.5))
                .maxReconnectAttempts(1000).build();
    }

    private static List<Integer> oneTo(int n) {
        return IntStream.rangeClosed(1, n).boxed().collect(Collectors.toList());
    }

    @Test
    void what_was_published_while_the_socket_was_down_is_recovered_then_the_live_ones_follow_each_once_in_order() {
        Seen seen = new Seen();
        try (SwitchboardChannels alice = client(proxy.url(), seen)) {
            alice.connect();
            Subscription sub = alice.subscribe("public:news", seen).join();
            int n = 0;
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 5; i++) {
                    server.http().publish("public:news", Map.of("n", ++n));
                }
                int live = n;
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.publications.size() == live);

                proxy.cut();
                await().atMost(Duration.ofSeconds(10)).until(() -> alice.state() == RealtimeState.RECONNECTING);
                for (int i = 0; i < 10; i++) {
                    server.http().publish("public:news", Map.of("n", ++n)); // missed: only the history has them
                }
                proxy.restore();
                await().atMost(Duration.ofSeconds(10)).until(sub::isActive);
            }
            for (int i = 0; i < 5; i++) {
                server.http().publish("public:news", Map.of("n", ++n));
            }
            int total = n;
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.publications.size() >= total);

            assertThat(seen.numbers()).isEqualTo(oneTo(total));
            assertThat(seen.recoveryFailures).isEmpty();
            assertThat(seen.sessions).as("three reconnects").hasSize(4);
            assertThat(sub.position().offset()).isEqualTo(total);
        }
    }

    @Test
    void a_position_kept_from_an_earlier_run_recovers_what_was_published_since() {
        Seen first = new Seen();
        StreamPosition kept;
        try (SwitchboardChannels alice = client(proxy.url(), first)) {
            alice.connect();
            Subscription sub = alice.subscribe("public:saved", first).join();
            server.http().publish("public:saved", Map.of("n", 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> first.publications.size() == 1);
            kept = sub.position();
        }
        server.http().publish("public:saved", Map.of("n", 2));
        server.http().publish("public:saved", Map.of("n", 3));

        Seen second = new Seen();
        try (SwitchboardChannels again = client(proxy.url(), second)) {
            again.connect();
            again.subscribe("public:saved", kept, second).join();
            server.http().publish("public:saved", Map.of("n", 4));
            await().atMost(Duration.ofSeconds(10)).until(() -> second.publications.size() >= 3);
            assertThat(second.numbers()).containsExactly(2, 3, 4);
        }
    }
}

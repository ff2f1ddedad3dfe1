package io.switchboard.tests.limits;

import static io.switchboard.testkit.ConnectOptions.tokenInQuery;
import static io.switchboard.testkit.ConnectOptions.withoutToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.ConnectFailedException;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Handshake attempts per client address. The node trusts 127.0.0.1 as a proxy, so each test plays clients at
 * other addresses by sending X-Forwarded-For, as a load balancer in front of the node would.
 */
@SwitchboardTest(settings = {"connect-rate-per-ip=1", "connect-burst-per-ip=3", "trusted-proxies=127.0.0.1"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectRatePerIpTest {
    private static final String METRIC = "switchboard_rate_limited_total{limit=\"connect_per_ip\"}";

    private final TestServer server;

    ConnectRatePerIpTest(TestServer server) {
        this.server = server;
    }

    private TestClient connectFrom(String address, String user) {
        return server.connect(tokenInQuery(server.token(user)).header("X-Forwarded-For", address));
    }

    @Test
    void the_attempt_after_the_burst_is_refused_with_429_and_counted() {
        double before = server.metric(METRIC);
        for (int i = 0; i < 3; i++) {
            assertThat(connectFrom("203.0.113.10", "burst-" + i).awaitEstablished()).isNotNull();
        }

        assertThatThrownBy(() -> connectFrom("203.0.113.10", "burst-4"))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> assertThat(e.status()).isEqualTo(429));
        assertThat(server.metric(METRIC)).isEqualTo(before + 1);
    }

    @Test
    void another_address_is_not_affected_by_one_that_is_over_its_limit() {
        for (int i = 0; i < 3; i++) {
            connectFrom("203.0.113.20", "noisy-" + i).awaitEstablished();
        }
        assertThatThrownBy(() -> connectFrom("203.0.113.20", "noisy-4")).isInstanceOf(ConnectFailedException.class);

        try (TestClient neighbour = connectFrom("203.0.113.21", "neighbour")) {
            assertThat(neighbour.userId()).isEqualTo("neighbour");
        }
    }

    @Test
    void an_address_is_admitted_again_once_its_bucket_has_refilled() {
        for (int i = 0; i < 3; i++) {
            connectFrom("203.0.113.30", "patient-" + i).awaitEstablished();
        }
        assertThatThrownBy(() -> connectFrom("203.0.113.30", "patient-4")).isInstanceOf(ConnectFailedException.class);

        // The limit is one attempt per second; an attempt refused meanwhile takes nothing from the bucket.
        TestClient again = await("an attempt from 203.0.113.30 admitted").atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(ConnectFailedException.class)
                .until(() -> connectFrom("203.0.113.30", "patient-5"), client -> true);
        try (again) {
            assertThat(again.userId()).isEqualTo("patient-5");
        }
    }

    @Test
    void a_refused_handshake_without_a_token_counts_as_an_attempt_too() {
        for (int i = 0; i < 3; i++) {
            server.connect(withoutToken().header("X-Forwarded-For", "203.0.113.40"))
                    .awaitClose();
        }

        assertThatThrownBy(() -> connectFrom("203.0.113.40", "after-failures"))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> assertThat(e.status()).isEqualTo(429));
    }

    @Test
    void ipv6_clients_are_counted_per_64_block() {
        for (int i = 0; i < 3; i++) {
            connectFrom("2001:db8:1:2::" + (i + 1), "v6-" + i).awaitEstablished();
        }

        assertThatThrownBy(() -> connectFrom("2001:db8:1:2:ffff::9", "v6-same-block"))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> assertThat(e.status()).isEqualTo(429));
        try (TestClient other = connectFrom("2001:db8:1:3::1", "v6-other-block")) {
            assertThat(other.userId()).isEqualTo("v6-other-block");
        }
    }
}

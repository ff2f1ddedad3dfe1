package io.switchboard.tests.limits;

import static io.switchboard.testkit.ConnectOptions.tokenInQuery;
import static io.switchboard.testkit.ConnectOptions.withoutToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.ConnectFailedException;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
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
    private static final int RATE = 1;
    private static final int BURST = 3;
    /** Tokens a slow run may see come back before its first refusal; past that the limit does not hold. */
    private static final int MAX_REFILLED = 10;

    private final TestServer server;

    ConnectRatePerIpTest(TestServer server) {
        this.server = server;
    }

    private TestClient connectFrom(String address, String user) {
        return server.connect(tokenInQuery(server.token(user)).header("X-Forwarded-For", address));
    }

    private ConnectFailedException refusedAfterTheBurst(String address, String user) {
        return refusedWithin(System.nanoTime(), 0, i -> address, user);
    }

    /**
     * Connects until a handshake is refused, the i-th attempt from {@code address.apply(i)}, and checks that no more
     * were admitted than the burst left after {@code taken} attempts, plus what the bucket refilled since
     * {@code started} (one a second): on a busy machine the attempts may take long enough for a token to come back,
     * which is the limit working, not failing.
     */
    private ConnectFailedException refusedWithin(long started, int taken, IntFunction<String> address, String user) {
        for (int i = 0; i < BURST + MAX_REFILLED; i++) {
            try {
                connectFrom(address.apply(i), user + "-" + i).awaitEstablished();
            } catch (ConnectFailedException refused) {
                double seconds = (System.nanoTime() - started) / 1e9;
                assertThat(i).as("admitted before the refusal, %.1f s after the first attempt", seconds)
                        .isBetween(Math.max(0, BURST - taken), BURST - taken + (int) Math.ceil(seconds * RATE));
                return refused;
            }
        }
        throw new AssertionError("no handshake refused in " + (BURST + MAX_REFILLED) + " attempts");
    }

    @Test
    void the_attempt_after_the_burst_is_refused_with_429_and_counted() {
        double before = server.metric(METRIC);

        assertThat(refusedAfterTheBurst("203.0.113.10", "burst").status()).isEqualTo(429);
        assertThat(server.metric(METRIC)).isEqualTo(before + 1);
    }

    @Test
    void another_address_is_not_affected_by_one_that_is_over_its_limit() {
        refusedAfterTheBurst("203.0.113.20", "noisy");

        try (TestClient neighbour = connectFrom("203.0.113.21", "neighbour")) {
            assertThat(neighbour.userId()).isEqualTo("neighbour");
        }
    }

    @Test
    void an_address_is_admitted_again_once_its_bucket_has_refilled() {
        refusedAfterTheBurst("203.0.113.30", "patient");

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
        long started = System.nanoTime();
        for (int i = 0; i < BURST; i++) {
            server.connect(withoutToken().header("X-Forwarded-For", "203.0.113.40"))
                    .awaitClose();
        }

        assertThat(refusedWithin(started, BURST, i -> "203.0.113.40", "after-failures").status()).isEqualTo(429);
    }

    @Test
    void ipv6_clients_are_counted_per_64_block() {
        long started = System.nanoTime();
        for (int i = 0; i < BURST; i++) {
            connectFrom("2001:db8:1:2::" + (i + 1), "v6-" + i).awaitEstablished();
        }

        // Another address of the same /64 takes from the same bucket.
        ConnectFailedException refused = refusedWithin(started, BURST, i -> "2001:db8:1:2:ffff::" + (i + 9),
                "v6-same-block");
        assertThat(refused.status()).isEqualTo(429);
        try (TestClient other = connectFrom("2001:db8:1:3::1", "v6-other-block")) {
            assertThat(other.userId()).isEqualTo("v6-other-block");
        }
    }
}

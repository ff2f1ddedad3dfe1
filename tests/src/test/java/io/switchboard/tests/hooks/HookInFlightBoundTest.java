package io.switchboard.tests.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.Reply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.hooks.TestBackend.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * At most {@code hook-max-in-flight} hook calls wait for the backend at once on a node: one more is refused at once with
 * {@code unavailable}, nothing queues; once the backend answers, calls go through again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HookInFlightBoundTest {
    static final CountDownLatch release = new CountDownLatch(1);
    static TestBackend backend;
    static TestServer server;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(call -> {
            if (call.body().path("method").asText().equals("slow")) {
                release.await(30, TimeUnit.SECONDS);
            }
            return Response.json("{\"result\":{\"data\":\"ok\"}}");
        });
        // A timeout far longer than the test: the slow calls hold their places until the backend answers.
        server = TestServer.start(Map.of("hook-rpc-url", backend.url("/rpc"), "hook-timeout", "50s",
                "hook-max-in-flight", "2"));
    }

    @AfterAll
    static void stop() {
        release.countDown();
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    @Test
    void past_the_bound_a_call_is_refused_at_once_and_calls_go_through_again_once_the_backend_answers() {
        try (TestClient alice = server.client("alice")) {
            alice.send("rpc", Map.of("method", "slow"));
            alice.send("rpc", Map.of("method", "slow"));
            backend.awaitCall();
            backend.awaitCall();

            Reply third = alice.request("rpc", Map.of("method", "fine"));

            assertThat(third.errorCode()).as("reply %s", third).isEqualTo("unavailable");
            assertThat(third.errorTemporary()).isTrue();
            assertThat(third.errorMessage()).contains("2 hook calls in flight");
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.metric("switchboard_hook_calls_in_flight") == 0);
            assertThat(alice.request("rpc", Map.of("method", "fine")).assertAck().data().path("data").asText()).isEqualTo("ok");
        }
    }
}

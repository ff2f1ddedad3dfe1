package io.switchboard.tests.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.CloseCode;
import io.switchboard.testkit.CloseStatus;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@SwitchboardTest(settings = {"rate-limit-per-second=5", "rate-limit-burst=5"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RateLimitTest {
    /** Far more than the burst plus the strikes the server tolerates; the loop stops when the server closes. */
    private static final int FLOOD = 200;

    private final TestServer server;

    RateLimitTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_client_over_its_rate_gets_rate_limited_errors_and_then_is_closed_with_4101() {
        TestClient client = server.client("flooder");
        for (int i = 0; i < FLOOD; i++) {
            if (!client.sendUnlessClosed("{\"type\":\"ping\",\"id\":\"f" + i + "\"}")) {
                break;
            }
        }

        assertThat(client.awaitPush("pong").path("id").asText()).as("the burst is answered first").isEqualTo("f0");
        Reply error = client.awaitError();
        CloseStatus close = client.awaitClose();

        assertThat(error.errorCode()).isEqualTo("rate_limited");
        assertThat(error.errorTemporary()).isTrue();
        assertThat(error.id()).as("the refused request's id is echoed").isNotNull();
        assertThat(close.code()).isEqualTo(CloseCode.RATE_LIMITED.code());
    }

    @Test
    void messages_within_the_burst_are_all_answered() {
        try (TestClient client = server.client("polite")) {
            for (int i = 0; i < 5; i++) {
                client.send("{\"type\":\"ping\",\"id\":\"p" + i + "\"}");
            }

            for (int i = 0; i < 5; i++) {
                assertThat(client.awaitPush("pong").path("id").asText()).isEqualTo("p" + i);
            }
        }
    }
}

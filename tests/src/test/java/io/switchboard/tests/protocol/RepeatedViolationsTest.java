package io.switchboard.tests.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.CloseCode;
import io.switchboard.testkit.CloseStatus;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RepeatedViolationsTest {
    /** More than the server's burst of tolerated invalid frames (20). */
    private static final int BURST = 40;

    private final TestServer server;

    RepeatedViolationsTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_burst_of_invalid_frames_closes_the_connection_with_4005() {
        TestClient client = server.client("mallory");
        for (int i = 0; i < BURST; i++) {
            if (!client.sendUnlessClosed("not json " + i)) {
                break;
            }
        }

        assertThat(client.awaitError().errorCode()).isEqualTo("bad_json");
        CloseStatus close = client.awaitClose();

        assertThat(close.code()).isEqualTo(CloseCode.PROTOCOL_ABUSE.code());
    }

    @Test
    void a_few_invalid_frames_do_not_close_the_connection() {
        try (TestClient client = server.client("clumsy")) {
            for (int i = 0; i < 10; i++) {
                client.send("{\"type\":\"nope\"}");
                assertThat(client.awaitError().errorCode()).isEqualTo("unknown_type");
            }

            assertThat(client.ping().path("type").asText()).isEqualTo("pong");
            assertThat(client.isOpen()).isTrue();
        }
    }
}

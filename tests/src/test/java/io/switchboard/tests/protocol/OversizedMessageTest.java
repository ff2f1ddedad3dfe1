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

/**
 * Over max-frame-bytes a message gets {@code too_large} and the connection lives on (see {@link BadInputTest});
 * over the hard limit the server will not even read (256 KiB here), the connection is closed with 1009.
 */
@SwitchboardTest(settings = "max-frame-bytes=1024")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OversizedMessageTest {
    private static final String HUGE = "x".repeat(300 * 1024);

    private final TestServer server;

    OversizedMessageTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_fragmented_message_over_max_frame_bytes_gets_too_large_and_the_connection_keeps_working() {
        try (TestClient client = server.client("alice")) {
            client.sendFragmented("{\"type\":\"ping\",\"data\":\"", "y".repeat(800), "y".repeat(800), "\"}");

            assertThat(client.awaitError().errorCode()).isEqualTo("too_large");
            assertThat(client.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void a_fragmented_message_under_max_frame_bytes_is_handled_whole() {
        try (TestClient client = server.client("alice")) {
            client.sendFragmented("{\"type\":\"ping\",", "\"id\":\"frag\"", "}");

            assertThat(client.awaitPush("pong").path("id").asText()).isEqualTo("frag");
        }
    }

    @Test
    void a_single_frame_over_the_hard_limit_closes_the_connection_with_1009() {
        TestClient client = server.client("alice");

        // The server may refuse the frame from its header, before it has all been sent.
        client.sendUnlessClosed("{\"type\":\"ping\",\"data\":\"" + HUGE + "\"}");
        CloseStatus close = client.awaitClose();

        assertThat(close.code()).isEqualTo(CloseCode.MESSAGE_TOO_BIG.code());
    }

    @Test
    void a_message_fragmented_over_the_hard_limit_closes_the_connection_with_1009() {
        TestClient client = server.client("alice");
        String chunk = "x".repeat(64 * 1024);

        // Only the last fragment takes the message over the limit, so every send completes before the close.
        client.sendFragmented("{\"type\":\"ping\",\"data\":\"", chunk, chunk, chunk, chunk.repeat(2) + "\"}");
        CloseStatus close = client.awaitClose();

        assertThat(close.code()).isEqualTo(CloseCode.MESSAGE_TOO_BIG.code());
    }
}

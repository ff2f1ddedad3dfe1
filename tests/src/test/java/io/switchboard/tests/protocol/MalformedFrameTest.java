package io.switchboard.tests.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.RawWebSocket;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A frame that breaks RFC 6455 itself cannot be answered with an error frame: the server closes with the RFC's code. */
@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedFrameTest {
    private final TestServer server;

    MalformedFrameTest(TestServer server) {
        this.server = server;
    }

    @Test
    void an_unmasked_client_frame_closes_the_connection_with_1002() throws IOException {
        try (RawWebSocket socket = open()) {
            socket.sendFrame(RawWebSocket.OP_TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), false);

            assertThat(socket.readUntilClose().closeCode()).isEqualTo(1002);
        }
    }

    @Test
    void a_well_formed_masked_frame_is_answered() throws IOException {
        try (RawWebSocket socket = open()) {
            socket.sendFrame(RawWebSocket.OP_TEXT, "{\"type\":\"ping\",\"id\":\"raw\"}".getBytes(StandardCharsets.UTF_8), true);
            socket.sendFrame(0x8, new byte[] {0x03, (byte) 0xE8}, true);

            assertThat(socket.readUntilClose().closeCode()).isEqualTo(1000);
        }
    }

    private RawWebSocket open() throws IOException {
        return RawWebSocket.open(server.port(), "/ws?token=" + URLEncoder.encode(server.token("alice"), StandardCharsets.UTF_8),
                Duration.ofSeconds(10));
    }
}

package io.switchboard.tests.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.NodeProcess;
import io.switchboard.tests.support.Deflate;
import io.switchboard.tests.support.RawWebSocket;
import io.switchboard.testtags.NeedsProcesses;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A compression bomb against a node with a small heap (256 MiB, exiting on OutOfMemoryError as in production): one
 * frame of about 400 KB that inflates to 400 MiB. Inflated whole it would not fit the heap and the node would
 * die; bounded while inflating, it costs the hard frame size and the socket is closed with 1009.
 */
@NeedsProcesses
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompressionBombTest {
    private static final long INFLATED = 400L << 20;

    @Test
    void a_frame_that_would_inflate_past_the_heap_closes_with_1009_and_the_node_lives_on() throws IOException {
        byte[] bomb = Deflate.bomb(INFLATED);
        // Under the hard frame size of max-frame-bytes=128k (512 KiB), so that only inflating makes it large.
        assertThat(bomb.length).isLessThan(512 * 1024);
        try (NodeProcess node = NodeProcess.start(Map.of("max-frame-bytes", "131072", "websocket-compression", "on"),
                Path.of("target", "cluster-logs", "compression-bomb.log"))) {
            try (RawWebSocket socket = open(node)) {
                socket.sendFrame(true, RawWebSocket.RSV1, RawWebSocket.OP_TEXT, bomb);

                assertThat(socket.readUntilClose().closeCode()).isEqualTo(1009);
            }

            assertThat(node.isRunning()).isTrue();
            try (RawWebSocket socket = open(node)) {
                socket.sendFrame(true, RawWebSocket.RSV1, RawWebSocket.OP_TEXT,
                        Deflate.message("{\"type\":\"ping\",\"id\":\"after\"}".getBytes(StandardCharsets.UTF_8)));
                assertThat(socket.nextFrame().text()).contains("pong").contains("after");
            }
        }
    }

    private static RawWebSocket open(NodeProcess node) throws IOException {
        RawWebSocket socket = RawWebSocket.open(node.port(),
                "/ws?token=" + URLEncoder.encode(node.token("alice"), StandardCharsets.UTF_8), Duration.ofSeconds(30),
                RawWebSocket.DEFLATE_OFFER);
        assertThat(socket.deflateAgreed()).isTrue();
        assertThat(socket.nextFrame().text()).contains("connection_established");
        return socket;
    }
}

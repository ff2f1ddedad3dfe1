package io.switchboard.tests.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.Deflate;
import io.switchboard.tests.support.RawWebSocket;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * By default ({@code websocket-compression=off}) a client's offer of permessage-deflate is declined: the 101 names
 * no extension, publications go plain, and a compressed frame is a protocol error (1002), never inflated.
 */
@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressionOffTest {
    private final TestServer server;

    CompressionOffTest(TestServer server) {
        this.server = server;
    }

    @Test
    void an_offer_of_deflate_is_declined_and_a_large_publication_goes_plain() throws IOException {
        try (RawWebSocket socket = open()) {
            assertThat(socket.deflateAgreed()).isFalse();
            socket.sendFrame(true, 0, RawWebSocket.OP_TEXT,
                    "{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"channel\":\"public:doc\"}}".getBytes(StandardCharsets.UTF_8));
            assertThat(socket.nextFrame().text()).contains("\"ack\"");

            server.http().publish("public:doc", OutboundCompressionTest.document(1));

            RawWebSocket.Frame frame = socket.nextFrame();
            assertThat(frame.compressed()).isFalse();
            assertThat(frame.text()).contains("\"version\":1").contains("item-39");
        }
    }

    @Test
    void a_compressed_frame_closes_with_1002() throws IOException {
        try (RawWebSocket socket = open()) {
            socket.sendFrame(true, RawWebSocket.RSV1, RawWebSocket.OP_TEXT, Deflate.bomb(8L << 20));

            assertThat(socket.readUntilClose().closeCode()).isEqualTo(1002);
        }
    }

    private RawWebSocket open() throws IOException {
        RawWebSocket socket = RawWebSocket.open(server.port(),
                "/ws?token=" + URLEncoder.encode(server.token("alice"), StandardCharsets.UTF_8), Duration.ofSeconds(10),
                RawWebSocket.DEFLATE_OFFER);
        assertThat(socket.nextFrame().text()).contains("connection_established");
        return socket;
    }
}

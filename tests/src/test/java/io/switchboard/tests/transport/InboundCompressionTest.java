package io.switchboard.tests.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.Deflate;
import io.switchboard.tests.support.RawWebSocket;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Compressed input is bounded while it inflates, compression is not offered before a credential that comes in a
 * message, and sockets waiting for such a credential are bounded (here at 2).
 */
@SwitchboardTest(apps = IngestApp.class, settings = {"max-unauthenticated-sockets=2", "ingest-auth-timeout=30s",
        "websocket-compression=on"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InboundCompressionTest {
    private static final byte[] PING = "{\"type\":\"ping\",\"id\":\"z\"}".getBytes(StandardCharsets.UTF_8);

    private final TestServer server;

    InboundCompressionTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_compressed_message_on_ws_is_inflated_and_answered() throws IOException {
        try (RawWebSocket socket = openWs()) {
            assertThat(socket.deflateAgreed()).isTrue();

            socket.sendFrame(true, RawWebSocket.RSV1, RawWebSocket.OP_TEXT, Deflate.message(PING));

            assertThat(socket.nextFrame().text()).contains("pong").contains("\"z\"");
        }
    }

    @Test
    void a_frame_that_inflates_past_the_hard_limit_closes_with_1009_and_the_node_serves_on() throws IOException {
        // 8 MiB of zeros in about 8 KB: over the hard limit (256 KiB) 32 times.
        byte[] bomb = Deflate.bomb(8L << 20);
        assertThat(bomb.length).isLessThan(64 * 1024);
        try (RawWebSocket socket = openWs()) {
            socket.sendFrame(true, RawWebSocket.RSV1, RawWebSocket.OP_TEXT, bomb);

            assertThat(socket.readUntilClose().closeCode()).isEqualTo(1009);
        }
        try (RawWebSocket socket = openWs()) {
            socket.sendFrame(true, RawWebSocket.RSV1, RawWebSocket.OP_TEXT, Deflate.message(PING));
            assertThat(socket.nextFrame().text()).contains("pong");
        }
    }

    @Test
    void a_fragmented_compressed_message_past_the_hard_limit_closes_with_1009() throws IOException {
        // One compressed message of 8 MiB cut in three fragments: the message limit is passed while reassembling.
        byte[] message = Deflate.bomb(8L << 20);
        int third = message.length / 3;
        try (RawWebSocket socket = openWs()) {
            socket.write(RawWebSocket.frame(false, RawWebSocket.RSV1, RawWebSocket.OP_TEXT, Arrays.copyOfRange(message, 0, third)),
                    RawWebSocket.frame(false, 0, RawWebSocket.OP_CONTINUATION, Arrays.copyOfRange(message, third, 2 * third)),
                    RawWebSocket.frame(true, 0, RawWebSocket.OP_CONTINUATION, Arrays.copyOfRange(message, 2 * third, message.length)));

            assertThat(socket.readUntilClose().closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void a_compressed_frame_that_is_not_deflate_data_closes_with_1007() throws IOException {
        try (RawWebSocket socket = openWs()) {
            // Block type 3 does not exist in deflate (RFC 1951): the inflater refuses the first byte.
            socket.sendFrame(true, RawWebSocket.RSV1, RawWebSocket.OP_TEXT, new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00, 0x01});

            assertThat(socket.readUntilClose().closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void the_ingest_auth_socket_is_not_offered_compression_and_refuses_compressed_frames_with_1002() throws IOException {
        try (RawWebSocket socket = RawWebSocket.open(server.port(), "/ws/ingest-auth/", Duration.ofSeconds(10),
                RawWebSocket.DEFLATE_OFFER)) {
            assertThat(socket.deflateAgreed()).isFalse();

            socket.sendFrame(true, RawWebSocket.RSV1, RawWebSocket.OP_TEXT, Deflate.bomb(8L << 20));

            assertThat(socket.readUntilClose().closeCode()).isEqualTo(1002);
        }
    }

    @Test
    void sockets_waiting_for_their_credential_past_the_bound_are_closed_with_4102() {
        TestClient first = openIngestAuth();
        TestClient second = openIngestAuth();

        assertThat(openIngestAuth().awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(4102);

        first.close();
        // Once the server has seen the close, a place is free again: the next socket is read, and its unknown hash
        // refused as such.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            TestClient next = openIngestAuth();
            next.send("{\"type\":\"auth\",\"data\":{\"child_hash\":\"no-such-hash\"}}");
            assertThat(next.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(4004);
        });
        second.close();
    }

    private TestClient openIngestAuth() {
        return server.connect(ConnectOptions.withoutToken().path("/ws/ingest-auth/"));
    }

    private RawWebSocket openWs() throws IOException {
        RawWebSocket socket = RawWebSocket.open(server.port(),
                "/ws?token=" + URLEncoder.encode(server.token("alice"), StandardCharsets.UTF_8), Duration.ofSeconds(10),
                RawWebSocket.DEFLATE_OFFER);
        assertThat(socket.nextFrame().text()).contains("connection_established");
        return socket;
    }
}

package io.switchboard.tests.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
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
 * RFC 6455 rules the WebSocket codec does not enforce by itself, on frames written by hand: text must be UTF-8
 * (else close 1007), and an RSV bit means something only under an extension both sides agreed to (else 1002).
 */
@SwitchboardTest(settings = "websocket-compression=on")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketFrameRulesTest {
    private static final byte[] PING = "{\"type\":\"ping\",\"id\":\"p\"}".getBytes(StandardCharsets.UTF_8);

    private final TestServer server;

    WebSocketFrameRulesTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_text_frame_that_is_not_utf8_closes_with_1007() throws IOException {
        try (RawWebSocket socket = open("")) {
            // A lone continuation byte inside a JSON string: decoded leniently it would be U+FFFD and a valid ping.
            byte[] bad = "{\"type\":\"ping\",\"id\":\"\u0000\"}".getBytes(StandardCharsets.UTF_8);
            bad[bad.length - 3] = (byte) 0x80;

            socket.sendFrame(RawWebSocket.OP_TEXT, bad, true);

            assertThat(socket.readUntilClose().closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void invalid_utf8_split_over_fragments_closes_with_1007() throws IOException {
        try (RawWebSocket socket = open("")) {
            // The first fragment ends in the lead byte of a two-byte character, the next goes on with a non-continuation.
            // Both in one write: the server reads them together, and the first has reached the socket when the second
            // is refused.
            socket.write(RawWebSocket.frame(false, 0, RawWebSocket.OP_TEXT, bytes("{\"type\":\"ping\",\"id\":\"", 0xC3)),
                    RawWebSocket.frame(true, 0, RawWebSocket.OP_CONTINUATION, bytes("x\"}")));

            assertThat(socket.readUntilClose().closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void a_character_split_over_fragments_is_read_whole() throws IOException {
        try (RawWebSocket socket = open("")) {
            // "é" is C3 A9: one byte in each fragment.
            socket.sendFrame(false, 0, RawWebSocket.OP_TEXT, bytes("{\"type\":\"ping\",\"id\":\"", 0xC3));
            socket.sendFrame(true, 0, RawWebSocket.OP_CONTINUATION, bytes("", 0xA9, '"', '}'));

            RawWebSocket.Frame pong = socket.nextFrame();
            assertThat(pong.text()).contains("\"id\":\"é\"").contains("pong");
        }
    }

    @Test
    void a_refused_frame_read_together_with_a_valid_one_still_gets_its_close_code() throws IOException {
        try (RawWebSocket socket = open("")) {
            socket.write(RawWebSocket.frame(true, 0, RawWebSocket.OP_TEXT, PING),
                    RawWebSocket.frame(true, RawWebSocket.RSV1, RawWebSocket.OP_TEXT, PING));

            assertThat(socket.readUntilClose().closeCode()).isEqualTo(1002);
        }
    }

    @Test
    void rsv1_without_a_negotiated_extension_closes_with_1002() throws IOException {
        try (RawWebSocket socket = open("")) {
            assertThat(socket.deflateAgreed()).isFalse();

            socket.sendFrame(true, RawWebSocket.RSV1, RawWebSocket.OP_TEXT, PING);

            assertThat(socket.readUntilClose().closeCode()).isEqualTo(1002);
        }
    }

    @Test
    void rsv2_closes_with_1002_even_with_deflate_agreed() throws IOException {
        try (RawWebSocket socket = open(RawWebSocket.DEFLATE_OFFER)) {
            assertThat(socket.deflateAgreed()).isTrue();

            socket.sendFrame(true, 0x20, RawWebSocket.OP_TEXT, PING);

            assertThat(socket.readUntilClose().closeCode()).isEqualTo(1002);
        }
    }

    private RawWebSocket open(String extraHeaders) throws IOException {
        RawWebSocket socket = RawWebSocket.open(server.port(),
                "/ws?token=" + URLEncoder.encode(server.token("alice"), StandardCharsets.UTF_8), Duration.ofSeconds(10),
                extraHeaders);
        assertThat(socket.nextFrame().text()).contains("connection_established");
        return socket;
    }

    private static byte[] bytes(String ascii, int... more) {
        byte[] start = ascii.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(start, start.length + more.length);
        for (int i = 0; i < more.length; i++) {
            all[start.length + i] = (byte) more[i];
        }
        return all;
    }
}

package io.switchboard.tests.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MsgPack;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.RawWebSocket;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With {@code websocket-compression=on}, permessage-deflate is agreed without context takeover either way, and a
 * publication reaches every socket that agreed as one frame compressed once (RSV1 set) that inflates on its own,
 * while a socket that did not offer the extension gets the same publication plain. The binary protocol compresses
 * the same way.
 */
@SwitchboardTest(settings = "websocket-compression=on")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutboundCompressionTest {
    private static final String CHANNEL = "public:doc";
    private static final int OP_BINARY = 0x2;

    private final TestServer server;

    OutboundCompressionTest(TestServer server) {
        this.server = server;
    }

    @Test
    void the_101_agrees_to_deflate_without_context_takeover_both_ways() throws IOException {
        try (RawWebSocket socket = open(RawWebSocket.DEFLATE_OFFER)) {
            String agreed = extensions(socket);

            assertThat(agreed).contains("permessage-deflate").contains("server_no_context_takeover")
                    .contains("client_no_context_takeover");
        }
    }

    @Test
    void a_large_publication_arrives_compressed_to_deflate_sockets_and_plain_to_the_others() throws IOException {
        try (RawWebSocket first = subscribed(RawWebSocket.DEFLATE_OFFER);
             RawWebSocket second = subscribed(RawWebSocket.DEFLATE_OFFER);
             RawWebSocket plain = subscribed("")) {
            for (int version = 1; version <= 3; version++) {
                assertThat(server.http().publish(CHANNEL, document(version)).status()).isEqualTo(202);

                for (RawWebSocket socket : new RawWebSocket[] {first, second}) {
                    RawWebSocket.Frame frame = socket.nextFrame();
                    assertThat(frame.compressed()).isTrue();
                    assertPublication(frame, version);
                }
                RawWebSocket.Frame frame = plain.nextFrame();
                assertThat(frame.compressed()).isFalse();
                assertPublication(frame, version);
            }
        }
    }

    @Test
    void a_small_publication_goes_plain_even_to_a_deflate_socket() throws IOException {
        try (RawWebSocket socket = subscribed(RawWebSocket.DEFLATE_OFFER)) {
            server.http().publish(CHANNEL, Map.of("n", 1));

            RawWebSocket.Frame frame = socket.nextFrame();
            assertThat(frame.compressed()).isFalse();
            assertThat(Json.parse(frame.text()).path("data").path("n").asInt()).isEqualTo(1);
        }
    }

    @Test
    void a_msgpack_socket_that_agreed_gets_the_publication_as_one_compressed_binary_frame() throws IOException {
        String headers = RawWebSocket.DEFLATE_OFFER + "Sec-WebSocket-Protocol: switchboard.msgpack\r\n";
        try (RawWebSocket socket = RawWebSocket.open(server.port(),
                "/ws?token=" + URLEncoder.encode(server.token("alice"), StandardCharsets.UTF_8), Duration.ofSeconds(10), headers)) {
            assertThat(socket.deflateAgreed()).isTrue();
            assertThat(MsgPack.read(socket.nextFrame().payload()).path("type").asText()).isEqualTo("connection_established");
            socket.sendFrame(true, 0, OP_BINARY, MsgPack.write(Json.parse(
                    "{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"channel\":\"" + CHANNEL + "\"}}")));
            assertThat(MsgPack.read(socket.nextFrame().payload()).path("type").asText()).isEqualTo("ack");

            server.http().publish(CHANNEL, document(7));

            RawWebSocket.Frame frame = socket.nextFrame();
            assertThat(frame.opcode()).isEqualTo(OP_BINARY);
            assertThat(frame.compressed()).isTrue();
            JsonNode push = MsgPack.read(frame.payload());
            assertThat(push.path("channel").asText()).isEqualTo(CHANNEL);
            assertThat(push.path("data")).isEqualTo(Json.mapper().valueToTree(document(7)));
        }
    }

    private static void assertPublication(RawWebSocket.Frame frame, int version) {
        JsonNode push = Json.parse(frame.text());
        assertThat(push.path("channel").asText()).isEqualTo(CHANNEL);
        assertThat(push.path("data")).isEqualTo(Json.mapper().valueToTree(document(version)));
    }

    /** About 2 KB of JSON, as a document channel republishes it, with one field changing. */
    static Map<String, Object> document(int version) {
        Map<String, Object> items = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            items.put("item-" + i, Map.of("title", "Item number " + i, "done", i % 3 == 0, "owner", "user-" + (i % 7)));
        }
        return Map.of("version", version, "items", items);
    }

    private static String extensions(RawWebSocket socket) {
        return socket.handshake().lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-extensions:"))
                .findFirst().orElse("");
    }

    private RawWebSocket subscribed(String extraHeaders) throws IOException {
        RawWebSocket socket = open(extraHeaders);
        assertThat(socket.deflateAgreed()).isEqualTo(!extraHeaders.isEmpty());
        socket.sendFrame(true, 0, RawWebSocket.OP_TEXT,
                ("{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"channel\":\"" + CHANNEL + "\"}}").getBytes(StandardCharsets.UTF_8));
        assertThat(socket.nextFrame().text()).contains("\"ack\"").contains("\"s\"");
        return socket;
    }

    private RawWebSocket open(String extraHeaders) throws IOException {
        RawWebSocket socket = RawWebSocket.open(server.port(),
                "/ws?token=" + URLEncoder.encode(server.token("alice"), StandardCharsets.UTF_8), Duration.ofSeconds(10),
                extraHeaders);
        assertThat(socket.nextFrame().text()).contains("connection_established");
        return socket;
    }
}

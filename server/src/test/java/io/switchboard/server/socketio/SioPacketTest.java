package io.switchboard.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.protocol.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Socket.IO v5 packets as the reference encoder writes them, and clear refusals of what it never writes. */
@Timeout(10)
class SioPacketTest {

    @Test
    void each_part_of_a_packet_is_read_from_its_text() {
        SioPacket connect = SioPacket.decode("0{\"token\":\"abc\"}");
        assertThat(connect.type()).isEqualTo(SioPacket.CONNECT);
        assertThat(connect.namespace()).isEqualTo("/");
        assertThat(connect.data().get("token").asText()).isEqualTo("abc");

        SioPacket event = SioPacket.decode("2/admin,12[\"hello\",{\"a\":1}]");
        assertThat(event.namespace()).isEqualTo("/admin");
        assertThat(event.ackId()).isEqualTo(12);
        assertThat(event.data().get(0).asText()).isEqualTo("hello");

        SioPacket binary = SioPacket.decode("51-[\"upload\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(binary.type()).isEqualTo(SioPacket.BINARY_EVENT);
        assertThat(binary.attachments()).isEqualTo(1);

        assertThat(SioPacket.decode("1/admin,").namespace()).isEqualTo("/admin");
        assertThat(SioPacket.decode("0").data()).isNull();
    }

    @Test
    void packets_are_written_as_the_reference_encoder_writes_them() {
        assertThat(SioPacket.of(SioPacket.CONNECT, "/", -1, Json.object().put("sid", "x")).encode()).isEqualTo("0{\"sid\":\"x\"}");
        assertThat(SioPacket.of(SioPacket.ACK, "/chat", 7, Json.mapper().createArrayNode()).encode()).isEqualTo("3/chat,7[]");
        assertThat(SioPacket.of(SioPacket.DISCONNECT, "/", -1, null).encode()).isEqualTo("1");
        assertThat(SioPacket.of(SioPacket.CONNECT_ERROR, "/", -1, Json.object().put("message", "Invalid namespace")).encode())
                .isEqualTo("4{\"message\":\"Invalid namespace\"}");
    }

    @Test
    void what_no_client_sends_is_refused_with_the_reason() {
        String[][] cases = {
                {"", "invalid socket.io packet type"},
                {"9", "invalid socket.io packet type '9'"},
                {"4{\"message\":\"x\"}", "CONNECT_ERROR is sent by servers, not clients"},
                {"2[1]", "EVENT data must be an array whose first element is the event name"},
                {"2", "EVENT data must be an array whose first element is the event name"},
                {"2[\"a\"", "the packet's data is not JSON"},
                {"0[1]", "CONNECT data must be an object (the auth payload)"},
                {"1{}", "DISCONNECT carries no data"},
                {"3[]", "ACK needs an ack id and an array of arguments"},
                {"5[\"a\"]", "a binary packet must start with its attachment count and '-'"},
                {"599-[\"a\"]", "more than 64 attachments"},
                {"21234567890123456[\"a\"]", "ack id longer than 15 digits"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> SioPacket.decode(c[0])).as("decode(%s)", c[0])
                    .isInstanceOf(PacketException.class).hasMessage(c[1]);
        }
    }
}

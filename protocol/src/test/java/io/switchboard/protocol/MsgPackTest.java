package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The binary protocol's format, version 1: JSON's value model in MessagePack, both ways, and its refusals. */
class MsgPackTest {
    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x", b));
        }
        return s.toString();
    }

    @Test
    void a_json_value_round_trips_through_messagepack_unchanged() {
        JsonNode value = Json.parse("{\"type\":\"publish\",\"id\":7,\"data\":{\"s\":\"ünïcode ✓\",\"i\":-5,\"l\":9007199254740993,"
                + "\"u\":18446744073709551615,\"f\":1.5,\"t\":true,\"n\":null,\"a\":[1,\"two\",{\"three\":3},[]],\"o\":{}}}");
        assertThat(MsgPack.read(MsgPack.write(value))).isEqualTo(value);
    }

    @Test
    void the_bytes_are_those_the_js_client_writes() {
        assertThat(hex(MsgPack.write(Json.parse("{\"type\":\"ping\",\"id\":1}")))).isEqualTo("82a474797065a470696e67a2696401");
        assertThat(hex(MsgPack.write(Json.parse("0.5")))).isEqualTo("cb3fe0000000000000");
        assertThat(MsgPack.read(hex("ca3fc00000")).doubleValue()).as("float 32 is read").isEqualTo(1.5);
    }

    @Test
    void an_integer_beyond_64_bits_is_written_as_a_float_as_a_javascript_reader_has_it() {
        JsonNode huge = Json.parse("123456789012345678901234567890");
        assertThat(MsgPack.read(MsgPack.write(huge)).doubleValue()).isEqualTo(new BigInteger("123456789012345678901234567890").doubleValue());
    }

    @Test
    void what_version_1_does_not_have_is_refused_with_bad_msgpack_saying_what() {
        refused("c1", "0xc1");
        refused("c403010203", "bin and ext");
        refused("d6ff00000000", "bin and ext");
        refused("810102", "keys must be strings");
        refused("81a474", "not valid MessagePack");
        refused("cb7ff8000000000000", "finite");
        refused("0101", "trailing bytes");
        refused("a2c328", "not valid MessagePack");
        refused("db7fffffff61", "not valid MessagePack");
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 65; i++) {
            deep.append("91");
        }
        refused(deep.append("c0").toString(), "levels deep");
    }

    private static void refused(String bytes, String message) {
        assertThatThrownBy(() -> MsgPack.read(hex(bytes))).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_MSGPACK);
            assertThat(e.getMessage()).contains(message);
        });
    }
}

package io.switchboard.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frame-by-frame UTF-8 check of a lean socket agrees with the JDK's strict decoder, wherever the message is split. */
class Utf8CheckTest {
    private static final List<byte[]> SAMPLES = List.of(
            bytes("plain ascii"), bytes("é à ü"), bytes("€ and 𝄞"), bytes(""),
            raw(0x80), raw(0xC0, 0x80), raw(0xC1, 0xBF), raw(0xC3), raw(0xC3, 0x28),
            raw(0xE0, 0x80, 0x80), raw(0xE0, 0xA0, 0x80), raw(0xED, 0xA0, 0x80), raw(0xED, 0x9F, 0xBF),
            raw(0xEF, 0xBF, 0xBF), raw(0xF0, 0x8F, 0xBF, 0xBF), raw(0xF0, 0x90, 0x80, 0x80), raw(0xF4, 0x8F, 0xBF, 0xBF),
            raw(0xF4, 0x90, 0x80, 0x80), raw(0xF5, 0x80, 0x80, 0x80), raw(0xFF), raw('a', 0xE2, 0x82));

    @Test
    void a_message_is_valid_exactly_when_the_jdk_decodes_it_strictly_at_every_split() {
        for (byte[] sample : SAMPLES) {
            boolean valid = strictlyValid(sample);
            for (int split = 0; split <= sample.length; split++) {
                int state = Utf8Check.scan(0, Unpooled.wrappedBuffer(sample, 0, split));
                state = Utf8Check.scan(state, Unpooled.wrappedBuffer(sample, split, sample.length - split));
                assertThat(state == 0).as("%s split at %d", java.util.Arrays.toString(sample), split).isEqualTo(valid);
            }
        }
    }

    private static boolean strictlyValid(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] raw(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}

package io.switchboard.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Frames compressed per RFC 7692 without context takeover: each inflates on its own to the payload it carries. */
@Timeout(10)
class DeflatedFramesTest {
    private static final byte[] DOCUMENT = ("{\"type\":\"message\",\"channel\":\"docs:a\",\"data\":{\"items\":["
            + "{\"title\":\"an item\",\"done\":false},".repeat(60) + "{}]}}").getBytes(StandardCharsets.UTF_8);

    @Test
    void a_large_text_payload_becomes_one_final_text_frame_with_rsv1_that_inflates_alone() throws Exception {
        for (int round = 0; round < 3; round++) {
            ByteBuf frame = DeflatedFrames.text(ByteBufAllocator.DEFAULT, DOCUMENT);
            try {
                assertThat((int) frame.getUnsignedByte(0)).isEqualTo(0xC1);
                int length = WebSocketFrames.payloadLength(frame);
                int header = frame.readableBytes() - length;
                assertThat(length).isLessThan(DOCUMENT.length / 4);
                byte[] payload = new byte[length];
                frame.getBytes(header, payload);
                // A fresh inflater each time: nothing may refer to an earlier message.
                assertThat(inflate(payload)).isEqualTo(DOCUMENT);
            } finally {
                frame.release();
            }
        }
    }

    @Test
    void a_binary_payload_keeps_its_opcode() {
        ByteBuf frame = DeflatedFrames.binary(ByteBufAllocator.DEFAULT, DOCUMENT);
        try {
            assertThat((int) frame.getUnsignedByte(0)).isEqualTo(0xC2);
        } finally {
            frame.release();
        }
    }

    @Test
    void a_small_or_incompressible_payload_is_left_to_the_plain_frame() {
        assertThat(DeflatedFrames.text(ByteBufAllocator.DEFAULT, "{\"type\":\"message\",\"data\":1}".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        byte[] noise = new byte[4096];
        new java.util.Random(7).nextBytes(noise);
        assertThat(DeflatedFrames.binary(ByteBufAllocator.DEFAULT, noise)).isNull();
    }

    private static byte[] inflate(byte[] compressed) throws Exception {
        Inflater inflater = new Inflater(true);
        byte[] input = java.util.Arrays.copyOf(compressed, compressed.length + 4);
        input[input.length - 2] = (byte) 0xff;
        input[input.length - 1] = (byte) 0xff;
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = inflater.inflate(buf)) > 0) {
            out.write(buf, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }
}

package io.switchboard.protocol.delta;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our Fossil delta against the shared vectors (the same file the JS client's test reads; the ASCII ones were made
 * by the reference fossil-delta-js, so our encoder must make byte for byte the same delta) and random round trips.
 */
@Timeout(60)
class FossilDeltaTest {
    private static final String VECTORS = "/delta/fossil-vectors.json";

    private static JsonNode vectors() throws Exception {
        try (InputStream in = FossilDeltaTest.class.getResourceAsStream(VECTORS)) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    @DisplayName("every shared vector applies to its target, and ours makes the reference's delta")
    void vectors_apply_and_match_the_reference() throws Exception {
        JsonNode all = vectors();
        assertThat(all.size()).isGreaterThan(10);
        for (JsonNode v : all) {
            byte[] source = v.get("source").asText().getBytes(UTF_8);
            byte[] target = v.get("target").asText().getBytes(UTF_8);
            byte[] delta = v.get("delta").asText().getBytes(UTF_8);
            assertThat(new String(FossilDelta.apply(source, delta), UTF_8)).as(v.get("name").asText())
                    .isEqualTo(v.get("target").asText());
            assertThat(new String(FossilDelta.create(source, target), UTF_8)).as(v.get("name").asText())
                    .isEqualTo(v.get("delta").asText());
        }
    }

    @Test
    @DisplayName("a delta between two UTF-8 texts is valid UTF-8 and round-trips")
    void utf8_deltas_are_utf8() throws Exception {
        Random random = new Random(17);
        String[] alphabet = {"a", "b", "{", "\"", "é", "ß", "日本", "語", "😀", "👍🏽", " ", "0", "1"};
        for (int round = 0; round < 300; round++) {
            String source = text(random, alphabet, random.nextInt(3000));
            String target = mutate(random, source, alphabet);
            byte[] delta = FossilDelta.create(source.getBytes(UTF_8), target.getBytes(UTF_8));
            String asText = strictUtf8(delta);
            assertThat(new String(FossilDelta.apply(source.getBytes(UTF_8), asText.getBytes(UTF_8)), UTF_8))
                    .isEqualTo(target);
        }
    }

    @Test
    @DisplayName("random bytes round-trip, and a small edit makes a small delta")
    void random_bytes_round_trip() {
        Random random = new Random(4);
        for (int round = 0; round < 300; round++) {
            byte[] source = new byte[random.nextInt(5000)];
            random.nextBytes(source);
            byte[] target = source.clone();
            int edits = random.nextInt(4);
            for (int e = 0; e < edits && target.length > 0; e++) {
                target[random.nextInt(target.length)] = (byte) random.nextInt(256);
            }
            if (random.nextBoolean()) {
                target = java.util.Arrays.copyOf(target, target.length + random.nextInt(40));
            }
            byte[] delta = FossilDelta.create(source, target);
            assertThat(FossilDelta.apply(source, delta)).isEqualTo(target);
            if (source.length > 1000 && edits <= 1) {
                assertThat(delta.length).isLessThan(target.length / 10);
            }
        }
    }

    @Test
    @DisplayName("a malformed delta or one made from another source is refused")
    void bad_deltas_are_refused() {
        byte[] source = "The quick brown fox jumps over the lazy dog, twice over.".getBytes(UTF_8);
        byte[] target = "The quick brown fox jumps over the lazy cat, twice over.".getBytes(UTF_8);
        byte[] delta = FossilDelta.create(source, target);
        byte[] otherSource = "The quick br0wn fox jumps over the lazy dog, twice over.".getBytes(UTF_8);
        assertThatThrownBy(() -> FossilDelta.apply(otherSource, delta)).isInstanceOf(InvalidDeltaException.class)
                .hasMessageContaining("checksum");
        for (String bad : new String[] {"", "5", "5\n", "5\n5:abc", "3\n3@0;", "3\n9@0,3;", "3\n3!", "3\n3:abc~~~~~~~~;",
                "~~~~~~\n0;", "2\n2:ab", "1\n1@99,0;"}) {
            assertThatThrownBy(() -> FossilDelta.apply(source, bad.getBytes(UTF_8))).as(bad)
                    .isInstanceOf(InvalidDeltaException.class);
        }
    }

    private static String text(Random random, String[] alphabet, int n) {
        StringBuilder b = new StringBuilder();
        while (b.length() < n) {
            b.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return b.toString();
    }

    private static String mutate(Random random, String source, String[] alphabet) {
        StringBuilder b = new StringBuilder(source);
        for (int e = random.nextInt(5); e > 0; e--) {
            int at = b.length() == 0 ? 0 : b.offsetByCodePoints(0, random.nextInt(b.codePointCount(0, b.length()) + 1));
            b.insert(at, text(random, alphabet, random.nextInt(30)));
        }
        return b.toString();
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }
}

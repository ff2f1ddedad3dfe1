package io.switchboard.client.realtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.delta.FossilDelta;
import io.switchboard.protocol.delta.InvalidDeltaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A delta subscription's base: the exact UTF-8 bytes of the last publication's {@code data} JSON as the server wrote
 * it, which the next delta applies to (docs/PROTOCOL.md, "Delta compression"). Used on the client's thread only.
 */
final class DeltaBase {
    private byte[] bytes;

    /**
     * The full data of a publication frame: the delta applied when the frame says {@code delta: true}, else the
     * frame's own data; either way the new base. {@code text} is the frame as it arrived.
     *
     * @throws InvalidDeltaException when a delta comes without a base or does not apply to it
     */
    JsonNode take(JsonNode frame, String text) {
        if (frame.path("delta").asBoolean(false)) {
            if (bytes == null) {
                throw new InvalidDeltaException("a delta arrived before any full publication");
            }
            byte[] next = FossilDelta.apply(bytes, frame.path("data").asText().getBytes(StandardCharsets.UTF_8));
            bytes = next;
            return Json.parse(new String(next, StandardCharsets.UTF_8));
        }
        String raw = rawData(text);
        bytes = raw == null ? Json.bytes(frame.path("data")) : raw.getBytes(StandardCharsets.UTF_8);
        return frame.path("data");
    }

    /** Forgets the base: after a subscribe the server's first publication is full. */
    void reset() {
        bytes = null;
    }

    /** The exact text of a frame's top-level {@code data} value, or null. */
    static String rawData(String frame) {
        try (JsonParser p = Json.mapper().getFactory().createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                p.nextToken();
                int start = (int) p.getTokenLocation().getCharOffset();
                p.skipChildren();
                if ("data".equals(name)) {
                    int end = (int) p.getCurrentLocation().getCharOffset();
                    return frame.substring(start, end);
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}

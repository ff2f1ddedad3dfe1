package io.switchboard.server.broker;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How a publication travels through Redis: {@code <offset>\n<epoch>\n<type length>\n<type><data>}, the data bytes as
 * the publisher encoded them. The channel is the topic's (or the history key's), so it is not repeated. The Lua
 * script that appends to a history writes the first two lines itself, in front of the {@link #body}.
 */
final class RedisCodec {
    private RedisCodec() {
    }

    /** The part the publisher encodes: {@code <type length>\n<type><data>}. */
    static byte[] body(Publication p) {
        byte[] type = p.type().getBytes(StandardCharsets.UTF_8);
        byte[] head = (type.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] data = p.data();
        byte[] out = Arrays.copyOf(head, head.length + type.length + data.length);
        System.arraycopy(type, 0, out, head.length, type.length);
        System.arraycopy(data, 0, out, head.length + type.length, data.length);
        return out;
    }

    /** A publication without a place in history: offset 0, no epoch. */
    static byte[] payload(Publication p) {
        byte[] body = body(p);
        byte[] out = new byte[body.length + 3];
        out[0] = '0';
        out[1] = '\n';
        out[2] = '\n';
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    /** Reads a payload back; throws {@link IllegalArgumentException} when it is not one. */
    static Publication decode(String channel, byte[] payload) {
        int a = newline(payload, 0);
        int b = newline(payload, a + 1);
        int c = newline(payload, b + 1);
        long offset = Long.parseLong(new String(payload, 0, a, StandardCharsets.US_ASCII));
        String epoch = b == a + 1 ? null : new String(payload, a + 1, b - a - 1, StandardCharsets.UTF_8);
        int typeLength = Integer.parseInt(new String(payload, b + 1, c - b - 1, StandardCharsets.US_ASCII));
        int typeStart = c + 1;
        if (typeLength < 0 || typeStart + typeLength > payload.length) {
            throw new IllegalArgumentException("a publication payload's type runs past its end");
        }
        String type = new String(payload, typeStart, typeLength, StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOfRange(payload, typeStart + typeLength, payload.length);
        return new Publication(channel, type, data, epoch == null ? 0 : offset, epoch);
    }

    private static int newline(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("not a publication payload: a header line is missing");
    }
}

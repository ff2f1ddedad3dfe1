package io.switchboard.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the two numbers a benchmark message carries straight from the frame's bytes, so that a subscriber
 * does not build a JSON tree for each of the hundreds of thousands of deliveries per second. Control frames
 * (acks, errors, connection_established) are rare and go through Jackson instead.
 */
final class Frames {
    static final byte[] TYPE_MESSAGE = "\"type\":\"message\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SENT = "\"t\":".getBytes(StandardCharsets.US_ASCII);

    private Frames() {
    }

    /** Whether the frame is a channel {@code message} push. */
    static boolean isMessage(Buffer frame) {
        return indexOf(frame, TYPE_MESSAGE, 0) >= 0;
    }

    /** The integer after {@code key} (which includes the quotes and colon), or {@code Long.MIN_VALUE}. */
    static long longField(Buffer frame, byte[] key) {
        int i = indexOf(frame, key, 0);
        if (i < 0) {
            return Long.MIN_VALUE;
        }
        i += key.length;
        int n = frame.length();
        boolean negative = false;
        if (i < n && frame.getByte(i) == '-') {
            negative = true;
            i++;
        }
        long v = 0;
        int digits = 0;
        for (; i < n; i++) {
            byte b = frame.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            v = v * 10 + (b - '0');
            digits++;
        }
        if (digits == 0) {
            return Long.MIN_VALUE;
        }
        return negative ? -v : v;
    }

    static int indexOf(Buffer frame, byte[] pattern, int from) {
        int last = frame.length() - pattern.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (frame.getByte(i + j) != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

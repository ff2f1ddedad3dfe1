package io.switchboard.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * UTF-8 validation of a text message frame by frame (RFC 3629: no overlong forms, no surrogates, nothing past
 * U+10FFFF), as Netty's {@code Utf8FrameValidator} does, with the state between frames held by the caller as one int:
 * a socket keeps no validator object. The state is 0 between characters; {@link #REJECT} once the bytes are not UTF-8.
 * For a state other than 0 or REJECT: bits 0-1 count the continuation bytes still due, bits 8-15 and 16-23 the range
 * the next one must fall in.
 */
public final class Utf8Check {
    static final int REJECT = -1;

    private Utf8Check() {
    }

    /** The state after {@code bytes} (their readable part, not consumed), starting from {@code state}. */
    static int scan(int state, ByteBuf bytes) {
        if (state == REJECT || !bytes.isReadable()) {
            return state;
        }
        Scan scan = new Scan(state);
        bytes.forEachByte(scan);
        return scan.state;
    }

    /** Whether {@code bytes} are whole, valid UTF-8. */
    public static boolean valid(byte[] bytes) {
        int state = 0;
        for (byte b : bytes) {
            if (b < 0) { // ASCII bytes leave the state at 0: only the others need the table
                state = step(state, b & 0xFF);
                if (state == REJECT) {
                    return false;
                }
            } else if (state != 0) {
                return false;
            }
        }
        return state == 0;
    }

    static int step(int state, int b) {
        if (state == 0) {
            if (b < 0x80) {
                return 0;
            }
            if (b < 0xC2) {
                return REJECT; // a continuation byte, or the lead of an overlong two-byte form
            }
            if (b < 0xE0) {
                return due(1, 0x80, 0xBF);
            }
            if (b < 0xF0) {
                // E0: no overlong three-byte form; ED: no surrogate (U+D800-DFFF).
                return due(2, b == 0xE0 ? 0xA0 : 0x80, b == 0xED ? 0x9F : 0xBF);
            }
            if (b < 0xF5) {
                // F0: no overlong four-byte form; F4: nothing past U+10FFFF.
                return due(3, b == 0xF0 ? 0x90 : 0x80, b == 0xF4 ? 0x8F : 0xBF);
            }
            return REJECT;
        }
        if (b < ((state >>> 8) & 0xFF) || b > ((state >>> 16) & 0xFF)) {
            return REJECT;
        }
        int due = state & 3;
        return due == 1 ? 0 : due(due - 1, 0x80, 0xBF);
    }

    private static int due(int count, int low, int high) {
        return count | low << 8 | high << 16;
    }

    private static final class Scan implements ByteProcessor {
        int state;

        Scan(int state) {
            this.state = state;
        }

        @Override
        public boolean process(byte value) {
            state = step(state, value & 0xFF);
            return state != REJECT;
        }
    }
}

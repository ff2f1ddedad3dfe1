package io.switchboard.server.socketio;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO v4 packets as text: one digit for the type, then the data. A polling body carries several, separated by
 * the record separator (0x1E); a binary one travels there as {@code b} and its base64.
 */
final class EnginePacket {
    static final char OPEN = '0';
    static final char CLOSE = '1';
    static final char PING = '2';
    static final char PONG = '3';
    static final char MESSAGE = '4';
    static final char UPGRADE = '5';
    static final char NOOP = '6';
    static final char BINARY = 'b';
    static final char SEPARATOR = '\u001e';

    private EnginePacket() {
    }

    /** Splits a polling body into its packets; throws {@link IllegalArgumentException} for an empty packet. */
    static List<String> split(String payload) {
        List<String> packets = new ArrayList<>();
        int start = 0;
        while (start <= payload.length()) {
            int end = payload.indexOf(SEPARATOR, start);
            if (end < 0) {
                end = payload.length();
            }
            if (end == start) {
                throw new IllegalArgumentException("empty packet in the payload");
            }
            packets.add(payload.substring(start, end));
            start = end + 1;
        }
        return packets;
    }

    /** Joins packets into one polling body. */
    static String join(List<String> packets) {
        return String.join(String.valueOf(SEPARATOR), packets);
    }

    /** The bytes of a polling binary packet ({@code b<base64>}); throws {@link IllegalArgumentException} when not base64. */
    static byte[] binary(String packet) {
        return Base64.getDecoder().decode(packet.substring(1));
    }
}

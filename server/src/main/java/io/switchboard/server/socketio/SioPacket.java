package io.switchboard.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;

/**
 * One Socket.IO v5 packet: {@code <type>[<attachments>-][<namespace>,][<ack id>][<JSON data>]}.
 *
 * @param type        {@link #CONNECT} to {@link #BINARY_ACK}
 * @param namespace   {@code /} unless named
 * @param ackId       the acknowledgement id, or -1 when none
 * @param data        the JSON data, or null when none
 * @param attachments the binary attachments that follow a binary packet
 */
record SioPacket(int type, String namespace, long ackId, JsonNode data, int attachments) {
    static final int CONNECT = 0;
    static final int DISCONNECT = 1;
    static final int EVENT = 2;
    static final int ACK = 3;
    static final int CONNECT_ERROR = 4;
    static final int BINARY_EVENT = 5;
    static final int BINARY_ACK = 6;
    /** The longest namespace name accepted. */
    static final int MAX_NAMESPACE = 128;
    /** Attachments one packet may announce. */
    static final int MAX_ATTACHMENTS = 64;

    /** A packet to send, without attachments. */
    static SioPacket of(int type, String namespace, long ackId, JsonNode data) {
        return new SioPacket(type, namespace, ackId, data, 0);
    }

    /** The packet as text. */
    String encode() {
        StringBuilder out = new StringBuilder(32).append(type);
        if (!"/".equals(namespace)) {
            out.append(namespace).append(',');
        }
        if (ackId >= 0) {
            out.append(ackId);
        }
        if (data != null) {
            out.append(Json.write(data));
        }
        return out.toString();
    }

    /** Parses a packet the client sent; throws {@link PacketException} saying what is wrong. */
    static SioPacket decode(String text) {
        if (text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '6') {
            throw new PacketException("invalid socket.io packet type" + (text.isEmpty() ? "" : " '" + text.charAt(0) + "'"));
        }
        int type = text.charAt(0) - '0';
        if (type == CONNECT_ERROR) {
            throw new PacketException("CONNECT_ERROR is sent by servers, not clients");
        }
        int i = 1;
        int attachments = 0;
        if (type == BINARY_EVENT || type == BINARY_ACK) {
            int dash = text.indexOf('-', i);
            if (dash < 0 || dash == i || dash - i > 2 || !digits(text, i, dash)) {
                throw new PacketException("a binary packet must start with its attachment count and '-'");
            }
            attachments = Integer.parseInt(text.substring(i, dash));
            if (attachments > MAX_ATTACHMENTS) {
                throw new PacketException("more than " + MAX_ATTACHMENTS + " attachments");
            }
            i = dash + 1;
        }
        String namespace = "/";
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? text.length() : comma;
            namespace = text.substring(i, end);
            if (namespace.length() > MAX_NAMESPACE) {
                throw new PacketException("namespace longer than " + MAX_NAMESPACE + " characters");
            }
            i = comma < 0 ? end : comma + 1;
        }
        long ackId = -1;
        int digitsEnd = i;
        while (digitsEnd < text.length() && Character.isDigit(text.charAt(digitsEnd))) {
            digitsEnd++;
        }
        if (digitsEnd > i) {
            if (digitsEnd - i > 15) {
                throw new PacketException("ack id longer than 15 digits");
            }
            ackId = Long.parseLong(text.substring(i, digitsEnd));
            i = digitsEnd;
        }
        JsonNode data = null;
        if (i < text.length()) {
            try {
                data = Json.parse(text.substring(i));
            } catch (RuntimeException e) {
                throw new PacketException("the packet's data is not JSON");
            }
        }
        check(type, ackId, data);
        return new SioPacket(type, namespace, ackId, data, attachments);
    }

    private static void check(int type, long ackId, JsonNode data) {
        switch (type) {
            case CONNECT -> {
                if (data != null && !data.isObject()) {
                    throw new PacketException("CONNECT data must be an object (the auth payload)");
                }
            }
            case DISCONNECT -> {
                if (data != null) {
                    throw new PacketException("DISCONNECT carries no data");
                }
            }
            case EVENT, BINARY_EVENT -> {
                if (data == null || !data.isArray() || data.isEmpty() || !data.get(0).isTextual()) {
                    throw new PacketException("EVENT data must be an array whose first element is the event name");
                }
            }
            default -> {
                if (ackId < 0 || data == null || !data.isArray()) {
                    throw new PacketException("ACK needs an ack id and an array of arguments");
                }
            }
        }
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}

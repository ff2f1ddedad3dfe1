package io.switchboard.server.inbox;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.util.Set;

/** The rules for an event's type, user and payload, so that every pushed frame is one a client can read. */
final class EventTypes {
    /** Types a client already reads as something else. */
    private static final Set<String> RESERVED = Set.of("ack", "error", "message", "pong", "ping", "connection_established",
            "subscribe", "unsubscribe", "publish", "resume", "refresh_token");
    /** The largest payload, as JSON text. */
    static final int MAX_PAYLOAD_CHARS = 256 * 1024;

    private EventTypes() {
    }

    static void check(String userId, String type, String payload, String prefix) {
        checkNames(userId, type, prefix);
        if (payload.length() > MAX_PAYLOAD_CHARS) {
            throw tooLarge(prefix);
        }
    }

    /** The user and the type of an event, its errors naming {@code prefix + "user_id"} or {@code prefix + "type"}. */
    static void checkNames(String userId, String type, String prefix) {
        if (userId == null || !isUserId(userId)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "user_id must be 1 to 128 characters", prefix + "user_id");
        }
        if (type == null || !isTypeName(type)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "type must be 1 to 64 of a-z 0-9 _ . - starting with a letter", prefix + "type");
        }
        if (RESERVED.contains(type)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "type '" + type + "' is reserved by the protocol", prefix + "type");
        }
    }

    /** Whether {@link #checkNames} would let the user and the type through. */
    static boolean validNames(String userId, String type) {
        return isUserId(userId) && isTypeName(type) && !RESERVED.contains(type);
    }

    private static boolean isUserId(String userId) {
        return !userId.isEmpty() && userId.length() <= 128;
    }

    /**
     * The size of a pushed event's data. Each of its characters is at least one byte of the frame, which holds it
     * once: a frame within the limit proves the data within it without writing the data out as text.
     */
    static void checkSize(InboxEvent event, String prefix) {
        if (event.frame().length > MAX_PAYLOAD_CHARS && event.payload().length() > MAX_PAYLOAD_CHARS) {
            throw tooLarge(prefix);
        }
    }

    private static ProtocolException tooLarge(String prefix) {
        return new ProtocolException(ErrorCode.TOO_LARGE, "data is larger than " + MAX_PAYLOAD_CHARS + " characters as JSON",
                prefix + "data");
    }

    /** [a-z][a-z0-9_.-]{0,63}, without a regular expression: it is checked for every pushed event. */
    private static boolean isTypeName(String type) {
        int n = type.length();
        if (n == 0 || n > 64 || type.charAt(0) < 'a' || type.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = type.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}

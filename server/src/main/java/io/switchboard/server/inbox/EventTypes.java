package io.switchboard.server.inbox;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules for an event's type, user and payload, so that every pushed frame is one a client can read. */
final class EventTypes {
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    /** Types a client already reads as something else. */
    private static final Set<String> RESERVED = Set.of("ack", "error", "message", "pong", "ping", "connection_established",
            "subscribe", "unsubscribe", "publish", "resume", "refresh_token");
    /** The largest payload, as JSON text. */
    static final int MAX_PAYLOAD_CHARS = 256 * 1024;

    private EventTypes() {
    }

    static void check(String userId, String type, String payload, String prefix) {
        if (userId == null || userId.isEmpty() || userId.length() > 128) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "user_id must be 1 to 128 characters", prefix + "user_id");
        }
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "type must be 1 to 64 of a-z 0-9 _ . - starting with a letter", prefix + "type");
        }
        if (RESERVED.contains(type)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "type '" + type + "' is reserved by the protocol", prefix + "type");
        }
        if (payload.length() > MAX_PAYLOAD_CHARS) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "data is larger than " + MAX_PAYLOAD_CHARS + " characters as JSON",
                    prefix + "data");
        }
    }
}

package io.switchboard.server.inbox;

import io.switchboard.protocol.Json;
import java.nio.charset.StandardCharsets;

/**
 * One event for one user, as pushed: {@code {"type": type, "seq": seq, "data": payload}}. An event with
 * {@code seq} 0 is a transient push (a streamed token), not stored and sent without {@code seq}.
 *
 * @param userId  the user
 * @param seq     the user's sequence number, 1, 2, 3…; 0 for a transient push
 * @param type    the event type
 * @param payload the data, as JSON text
 */
public record InboxEvent(String userId, long seq, String type, String payload) {
    /** Whether this is a stored event with a sequence number. */
    public boolean durable() {
        return seq > 0;
    }

    /** The frame sent to every socket of the user (type names are plain ASCII; see {@link EventTypes}). */
    public byte[] frame() {
        String seqPart = seq > 0 ? ",\"seq\":" + seq : "";
        return ("{\"type\":" + Json.write(type) + seqPart + ",\"data\":" + payload + "}").getBytes(StandardCharsets.UTF_8);
    }
}

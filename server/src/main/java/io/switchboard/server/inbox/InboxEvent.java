package io.switchboard.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One event for one user, as pushed: {@code {"type": type, "seq": seq, …data's fields…, "data": payload}}. When the
 * payload is a JSON object its fields are also at the top level, as seed 004's clients read them
 * ({@code msg.message}, {@code msg.response_message}), except those named like an envelope field (they stay in
 * {@code data} only); {@code data} stays for clients that read it there. An event with {@code seq} 0 is a transient
 * push (a streamed token), not stored and sent without {@code seq}.
 *
 * @param userId  the user
 * @param seq     the user's sequence number, 1, 2, 3…; 0 for a transient push
 * @param type    the event type
 * @param payload the data, as JSON text
 */
public record InboxEvent(String userId, long seq, String type, String payload) {
    /** Names a client reads as the envelope's own (our clients route by them), never copied from the payload. */
    static final Set<String> ENVELOPE_FIELDS = Set.of("type", "seq", "data", "id", "channel", "offset", "epoch", "error");

    /** Whether this is a stored event with a sequence number. */
    public boolean durable() {
        return seq > 0;
    }

    /** The frame sent to every socket of the user (type names are plain ASCII; see {@link EventTypes}). */
    public byte[] frame() {
        String seqPart = seq > 0 ? ",\"seq\":" + seq : "";
        String head = "{\"type\":" + Json.write(type) + seqPart;
        String tail = "\"data\":" + payload + "}";
        if (!payload.startsWith("{")) {
            return (head + "," + tail).getBytes(StandardCharsets.UTF_8);
        }
        JsonNode data;
        try {
            data = Json.parse(payload);
        } catch (RuntimeException e) {
            return (head + "," + tail).getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode top = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!ENVELOPE_FIELDS.contains(field.getKey())) {
                top.set(field.getKey(), field.getValue());
            }
        }
        if (top.isEmpty()) {
            return (head + "," + tail).getBytes(StandardCharsets.UTF_8);
        }
        String fields = Json.write(top);
        // The copied fields go between the envelope's head and data: {"type":…,"seq":…,<fields>,"data":…}.
        return (head + "," + fields.substring(1, fields.length() - 1) + "," + tail).getBytes(StandardCharsets.UTF_8);
    }
}

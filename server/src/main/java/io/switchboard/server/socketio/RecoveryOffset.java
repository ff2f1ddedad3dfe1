package io.switchboard.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.broker.StreamPosition;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a socket has been sent, as the offset string Socket.IO's connection state recovery hands back on reconnect:
 * the last user-event sequence number and, per room, the last channel position ({@code epoch:offset}; empty for a
 * channel that keeps no history). It travels with the client, so recovery needs no state on the server and works
 * after a restart and on another node: the rooms are authorized again, the channels replay from their history and the
 * user's events from the inbox.
 *
 * @param seq   the last user event's sequence number, 0 when none
 * @param rooms each room and its position, or null when its channel keeps no history
 */
record RecoveryOffset(long seq, Map<String, StreamPosition> rooms) {
    /** The longest offset string read back; a longer one is not recovered. */
    static final int MAX_LENGTH = 32 * 1024;

    /** The offset string: base64url of {@code {"q": seq, "r": {room: "epoch:offset" | ""}}}. */
    String encode() {
        ObjectNode out = Json.object().put("q", seq);
        ObjectNode r = out.putObject("r");
        rooms.forEach((room, p) -> r.put(room, p == null ? "" : p.epoch() + ":" + p.offset()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(out));
    }

    /** Reads an offset string; null when it is not one this server wrote (then nothing is recovered). */
    static RecoveryOffset decode(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return null;
        }
        try {
            JsonNode node = Json.parse(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
            long seq = node.path("q").asLong(-1);
            JsonNode r = node.get("r");
            if (seq < 0 || r == null || !r.isObject() || r.size() > SocketIoServer.MAX_ROOMS) {
                return null;
            }
            Map<String, StreamPosition> rooms = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = e.getValue().asText();
                int colon = p.lastIndexOf(':');
                rooms.put(e.getKey(), colon <= 0 ? null : new StreamPosition(p.substring(0, colon), Long.parseLong(p.substring(colon + 1))));
            }
            return new RecoveryOffset(seq, rooms);
        } catch (RuntimeException e) {
            return null;
        }
    }
}

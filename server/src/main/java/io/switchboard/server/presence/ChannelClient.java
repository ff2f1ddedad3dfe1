package io.switchboard.server.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;

/**
 * One session subscribed to a channel, as presence reports it: {@code {"user_id", "session_id", "info"?}}.
 *
 * @param userId    the session's user
 * @param sessionId the session
 * @param info      what the connection carries about the user (a hook may set it), or null
 */
public record ChannelClient(String userId, String sessionId, JsonNode info) {
    /** The JSON form, as the protocol and the server API answer it. */
    public ObjectNode toJson() {
        ObjectNode out = Json.object().put("user_id", userId).put("session_id", sessionId);
        if (info != null && !info.isNull()) {
            out.set("info", info);
        }
        return out;
    }

    /** Reads the JSON form back; {@link IllegalArgumentException} when it is not one. */
    public static ChannelClient fromJson(JsonNode node) {
        if (node == null || !node.path("user_id").isTextual() || !node.path("session_id").isTextual()) {
            throw new IllegalArgumentException("not a channel client entry");
        }
        JsonNode info = node.get("info");
        return new ChannelClient(node.get("user_id").asText(), node.get("session_id").asText(), info);
    }
}

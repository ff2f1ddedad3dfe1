package io.switchboard.client.realtime;

import com.fasterxml.jackson.databind.JsonNode;

/** One session subscribed to a channel with presence: its user, its session, and the info the server holds for it. */
public final class PresenceClient {
    private final String userId;
    private final String sessionId;
    private final JsonNode info;

    PresenceClient(String userId, String sessionId, JsonNode info) {
        this.userId = userId;
        this.sessionId = sessionId;
        this.info = info;
    }

    static PresenceClient of(JsonNode node) {
        JsonNode info = node.get("info");
        return new PresenceClient(node.path("user_id").asText(""), node.path("session_id").asText(""),
                info == null || info.isNull() ? null : info);
    }

    /** The user's id. */
    public String userId() {
        return userId;
    }

    /** The session's id (one user may have several). */
    public String sessionId() {
        return sessionId;
    }

    /** The connection's info (from a connect hook), or null. */
    public JsonNode info() {
        return info;
    }

    @Override
    public String toString() {
        return userId + "/" + sessionId;
    }
}

package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.time.Instant;

/**
 * A chat message.
 *
 * @param id             the id, increasing in the order messages were stored
 * @param conversationId the conversation
 * @param senderId       who sent it
 * @param content        the text, 1 to 5000 characters
 * @param clientId       the sender's id for it, or null
 * @param createdAt      when it was stored, epoch milliseconds
 */
record Message(long id, long conversationId, long senderId, String content, String clientId, long createdAt) {

    /** The message as {@code new_message}, the acks and the REST API show it. */
    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("conversation_id", conversationId);
        o.put("sender_id", senderId);
        o.put("content", content);
        o.put("client_id", clientId);
        o.put("created_at", Instant.ofEpochMilli(createdAt).toString());
        return o;
    }
}

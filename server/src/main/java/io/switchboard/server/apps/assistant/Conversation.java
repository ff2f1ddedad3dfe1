package io.switchboard.server.apps.assistant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.time.Instant;

/**
 * A conversation of one user with the assistant.
 *
 * @param uuid         its id
 * @param userId       the owner (the token's subject)
 * @param title        1 to 200 characters
 * @param messageCount messages in it, both roles
 * @param createdAt    creation time, epoch milliseconds
 * @param updatedAt    time of the last message, epoch milliseconds
 */
record Conversation(String uuid, String userId, String title, int messageCount, long createdAt, long updatedAt) {
    ObjectNode toJson() {
        return Json.object()
                .put("uuid", uuid)
                .put("title", title)
                .put("user_uuid", userId)
                .put("message_count", messageCount)
                .put("created_at", Instant.ofEpochMilli(createdAt).toString())
                .put("updated_at", Instant.ofEpochMilli(updatedAt).toString());
    }
}

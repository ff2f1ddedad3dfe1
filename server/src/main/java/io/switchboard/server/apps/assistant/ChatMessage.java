package io.switchboard.server.apps.assistant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.time.Instant;

/**
 * A message of a conversation: the user's, or the assistant's reply to one.
 *
 * @param uuid             its id
 * @param conversationUuid its conversation
 * @param seq              its place in the conversation, 1, 2, 3…
 * @param senderUuid       the user's id, or {@link AssistantApp#ASSISTANT_UUID}
 * @param role             {@code user} or {@code assistant}
 * @param content          the text (empty while a reply is being written)
 * @param status           {@code complete}, {@code generating} or {@code failed}
 * @param error            why a reply failed, or null
 * @param replyToUuid      for a reply, the user message it answers; else null
 * @param version          1, plus one per regeneration
 * @param createdAt        creation time, epoch milliseconds
 * @param updatedAt        last change, epoch milliseconds
 */
record ChatMessage(String uuid, String conversationUuid, int seq, String senderUuid, String role, String content,
                   String status, String error, String replyToUuid, int version, long createdAt, long updatedAt) {
    static final String USER = "user";
    static final String ASSISTANT = "assistant";
    static final String COMPLETE = "complete";
    static final String GENERATING = "generating";
    static final String FAILED = "failed";

    ObjectNode toJson() {
        ObjectNode out = Json.object()
                .put("uuid", uuid)
                .put("conversation_uuid", conversationUuid)
                .put("sender_uuid", senderUuid)
                .put("role", role)
                .put("content", content)
                .put("status", status)
                .put("version", version)
                .put("created_at", Instant.ofEpochMilli(createdAt).toString())
                .put("updated_at", Instant.ofEpochMilli(updatedAt).toString());
        if (replyToUuid != null) {
            out.put("reply_to_uuid", replyToUuid);
        }
        if (error != null) {
            out.put("error", error);
        }
        return out;
    }
}

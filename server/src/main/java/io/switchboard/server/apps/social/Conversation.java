package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.time.Instant;
import java.util.List;

/**
 * A chat conversation between users.
 *
 * @param id             the id; its channel is {@code conversation:<id>}
 * @param direct         whether it is the one conversation of exactly two users
 * @param title          the title, or null
 * @param createdBy      who created it
 * @param members        who belongs to it, in id order
 * @param createdAt      creation time, epoch milliseconds
 * @param lastActivityAt the last message's time (the creation time before one), epoch milliseconds
 */
record Conversation(long id, boolean direct, String title, long createdBy, List<Actor> members, long createdAt,
                    long lastActivityAt) {

    /** The conversation as the REST API shows it. */
    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("kind", direct ? "direct" : "group");
        o.put("title", title);
        o.put("created_by", createdBy);
        ArrayNode list = o.putArray("members");
        members.forEach(m -> list.add(m.toJson()));
        o.put("created_at", Instant.ofEpochMilli(createdAt).toString());
        o.put("last_activity_at", Instant.ofEpochMilli(lastActivityAt).toString());
        return o;
    }
}

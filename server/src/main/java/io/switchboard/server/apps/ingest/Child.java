package io.switchboard.server.apps.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.time.Instant;

/**
 * A child enrolled by a parent; its phone authenticates with {@code childHash}.
 *
 * @param id        the id
 * @param parentId  the parent's user id (their token's subject)
 * @param name      a display name, 1 to 100 characters
 * @param childHash the device credential: 43 characters of base64url (32 random bytes)
 * @param createdAt enrolment time, epoch milliseconds
 */
public record Child(long id, String parentId, String name, String childHash, long createdAt) {

    /** The REST shape, for the parent who owns the child. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("name", name);
        o.put("child_hash", childHash);
        o.put("channel", ChildChannel.of(id));
        o.put("created_at", Instant.ofEpochMilli(createdAt).toString());
        return o;
    }
}

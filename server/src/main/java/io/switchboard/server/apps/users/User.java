package io.switchboard.server.apps.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.time.Instant;

/**
 * A user record of the live-sync app.
 *
 * @param id        the id
 * @param firstName first name, 1 to 150 characters
 * @param lastName  last name, 1 to 150 characters
 * @param createdAt creation time, epoch milliseconds
 * @param updatedAt last change, epoch milliseconds
 * @param version   1 at creation, one more with each change
 */
public record User(long id, String firstName, String lastName, long createdAt, long updatedAt, long version) {

    /** The seed's JSON shape, with ISO-8601 UTC times and the version. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("first_name", firstName);
        o.put("last_name", lastName);
        o.put("created_at", Instant.ofEpochMilli(createdAt).toString());
        o.put("updated_at", Instant.ofEpochMilli(updatedAt).toString());
        o.put("version", version);
        return o;
    }
}

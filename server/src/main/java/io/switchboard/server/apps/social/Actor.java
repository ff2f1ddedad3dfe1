package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;

/**
 * A user as others see them in posts, comments, conversations and notifications.
 *
 * @param id   the user's id
 * @param name the display name (see {@link ActorNames}); null when the user no longer exists
 */
record Actor(long id, String name) {
    /** {@code {"id", "name"}}. */
    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("name", name);
        return o;
    }
}

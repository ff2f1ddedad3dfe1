package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.time.Instant;

/**
 * A comment on a post.
 *
 * @param id        the id
 * @param postId    the post
 * @param author    who wrote it
 * @param content   the text, 1 to 5000 characters
 * @param clientId  the client's id for the create, or null
 * @param createdAt creation time, epoch milliseconds
 */
record Comment(long id, long postId, Actor author, String content, String clientId, long createdAt) {

    /** The comment as the REST API and {@code comment_update} show it. */
    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("post_id", postId);
        o.set("author", author.toJson());
        o.put("content", content);
        o.put("client_id", clientId);
        o.put("created_at", Instant.ofEpochMilli(createdAt).toString());
        return o;
    }
}

package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.time.Instant;

/**
 * A post.
 *
 * @param id           the id
 * @param author       who wrote it
 * @param content      the text, 1 to 5000 characters
 * @param clientId     the client's id for the create, or null
 * @param likeCount    how many users like it
 * @param commentCount how many comments it has
 * @param version      grows by one with every change of either count
 * @param liked        whether the user who asked likes it
 * @param createdAt    creation time, epoch milliseconds
 */
record Post(long id, Actor author, String content, String clientId, long likeCount, long commentCount, long version,
            boolean liked, long createdAt) {

    /** The post as the REST API shows it. */
    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.set("author", author.toJson());
        o.put("content", content);
        o.put("client_id", clientId);
        o.put("like_count", likeCount);
        o.put("comment_count", commentCount);
        o.put("version", version);
        o.put("liked", liked);
        o.put("created_at", Instant.ofEpochMilli(createdAt).toString());
        return o;
    }
}

package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.inbox.Inbox;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * The {@code notification} events: durable per-user events in the user's inbox, so a user who was offline gets them
 * on reconnect, in order, once. A request answers only after its notification is committed; when storing it
 * fails, the claim on it is given back ({@code release}), so a retry of the request sends it.
 */
final class Notifications {
    private final Inbox inbox;

    Notifications(Inbox inbox) {
        this.inbox = inbox;
    }

    /** Someone liked the author's post. */
    Future<Void> like(CountChange change, Supplier<Future<Void>> release) {
        ObjectNode data = payload("like", change.actor(), change.actor().name() + " liked your post");
        data.put("post_id", change.postId());
        return emit(change.authorId(), data, release);
    }

    /** Someone commented on the author's post. */
    Future<Void> comment(CountChange change, Comment comment, Supplier<Future<Void>> release) {
        ObjectNode data = payload("comment", change.actor(), change.actor().name() + " commented on your post");
        data.put("post_id", change.postId());
        data.put("comment_id", comment.id());
        return emit(change.authorId(), data, release);
    }

    /** Someone follows the user now. */
    Future<Void> follow(long followee, Actor follower, Supplier<Future<Void>> release) {
        return emit(followee, payload("follow", follower, follower.name() + " started following you"), release);
    }

    private static ObjectNode payload(String type, Actor actor, String message) {
        ObjectNode data = Json.object();
        data.put("type", type);
        data.put("message", message);
        data.set("actor", actor.toJson());
        return data;
    }

    private Future<Void> emit(long recipient, ObjectNode data, Supplier<Future<Void>> release) {
        return inbox.emit(Long.toString(recipient), SocialEvents.NOTIFICATION, data).<Void>mapEmpty()
                .recover(failure -> release.get().transform(ar -> Future.failedFuture(failure)));
    }
}

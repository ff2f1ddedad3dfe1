package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.http.BearerAuth;
import io.switchboard.server.http.JsonBodies;
import io.switchboard.server.validation.JsonFields;
import io.switchboard.server.validation.QueryParams;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Posts, likes and comments: {@code GET/POST /api/posts/}, {@code GET /api/posts/<id>/},
 * {@code POST/DELETE /api/posts/<id>/like}, {@code GET/POST /api/posts/<id>/comments/}. A like or comment answers
 * after it, the count it moved and the author's notification are committed; the count goes out on
 * {@code post:<id>} as {@code like_update} or {@code comment_update}. A new post goes to the author's followers as
 * {@code new_post} ({@link NewPosts}).
 */
final class PostRoutes {
    private static final String[] CONTENT = {"content", "client_id"};

    private final PostStore store;
    private final CountUpdates counts;
    private final Notifications notifications;
    private final NewPosts newPosts;

    PostRoutes(PostStore store, CountUpdates counts, Notifications notifications, NewPosts newPosts) {
        this.store = store;
        this.counts = counts;
        this.notifications = notifications;
        this.newPosts = newPosts;
    }

    void mount(Router router, BearerAuth auth) {
        for (String slash : new String[] {"/", ""}) {
            String posts = "/api/posts" + slash;
            String one = "/api/posts/:id" + slash;
            String like = "/api/posts/:id/like" + slash;
            String comments = "/api/posts/:id/comments" + slash;
            for (String path : List.of(posts, one, like, comments)) {
                router.route(path).handler(auth);
            }
            router.post(posts).handler(this::create);
            router.get(posts).handler(this::feed);
            router.get(one).handler(ctx -> Rest.ok(ctx, store.get(Rest.caller(ctx), Rest.pathId(ctx, "post")), Post::toJson));
            router.post(like).handler(this::like);
            router.delete(like).handler(this::unlike);
            router.post(comments).handler(this::comment);
            router.get(comments).handler(this::comments);
        }
    }

    private void create(RoutingContext ctx) {
        long author = Rest.caller(ctx);
        JsonFields body = JsonBodies.fields(ctx, CONTENT);
        String content = Fields.content(body);
        String clientId = Fields.clientId(body);
        Future<Created<Post>> created = store.create(author, content, clientId).onSuccess(c -> {
            if (c.created()) {
                newPosts.announce(c.value());
            }
        });
        Rest.respond(ctx, created, Created::status, c -> c.value().toJson());
    }

    private void feed(RoutingContext ctx) {
        long viewer = Rest.caller(ctx);
        int limit = Rest.limit(ctx);
        long before = QueryParams.of(ctx.request()).wholeNumber("cursor", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        Rest.ok(ctx, store.feed(viewer, before, limit), posts -> Rest.page(posts.stream().map(Post::toJson).toList(), limit,
                last -> Long.toString(posts.get(last).id())));
    }

    private void like(RoutingContext ctx) {
        long user = Rest.caller(ctx);
        long post = Rest.pathId(ctx, "post");
        Future<CountChange> liked = store.like(user, post).compose(change -> {
            if (change.changed()) {
                counts.publish(SocialEvents.LIKE_UPDATE, change, Json.object());
            }
            if (!change.notifies()) {
                return Future.succeededFuture(change);
            }
            return notifications.like(change, () -> store.releaseLikeNotification(post, user)).map(change);
        });
        Rest.ok(ctx, liked, change -> state(change, true));
    }

    private void unlike(RoutingContext ctx) {
        long user = Rest.caller(ctx);
        long post = Rest.pathId(ctx, "post");
        Future<CountChange> unliked = store.unlike(user, post).onSuccess(change -> {
            if (change.changed()) {
                counts.publish(SocialEvents.LIKE_UPDATE, change, Json.object());
            }
        });
        Rest.ok(ctx, unliked, change -> state(change, false));
    }

    private static ObjectNode state(CountChange change, boolean liked) {
        ObjectNode o = Json.object();
        o.put("post_id", change.postId());
        o.put("liked", liked);
        o.put("count", change.count());
        o.put("version", change.version());
        return o;
    }

    private void comment(RoutingContext ctx) {
        long user = Rest.caller(ctx);
        long post = Rest.pathId(ctx, "post");
        JsonFields body = JsonBodies.fields(ctx, CONTENT);
        String content = Fields.content(body);
        String clientId = Fields.clientId(body);
        Future<Created<Comment>> commented = store.comment(user, post, content, clientId).compose(result -> {
            CountChange change = result.change();
            Comment comment = result.comment().value();
            if (change.changed()) {
                ObjectNode extra = Json.object();
                extra.set("comment", comment.toJson());
                counts.publish(SocialEvents.COMMENT_UPDATE, change, extra);
            }
            if (!change.notifies()) {
                return Future.succeededFuture(result.comment());
            }
            return notifications.comment(change, comment, () -> store.releaseCommentNotification(comment.id()))
                    .map(result.comment());
        });
        Rest.respond(ctx, commented, Created::status, created -> created.value().toJson());
    }

    private void comments(RoutingContext ctx) {
        Rest.caller(ctx);
        long post = Rest.pathId(ctx, "post");
        int limit = Rest.limit(ctx);
        long after = QueryParams.of(ctx.request()).wholeNumber("cursor", 0, 0, Long.MAX_VALUE);
        Rest.ok(ctx, store.comments(post, after, limit), list -> Rest.page(list.stream().map(Comment::toJson).toList(), limit,
                last -> Long.toString(list.get(last).id())));
    }
}

package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.http.BearerAuth;
import io.switchboard.server.validation.QueryParams;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Follows: {@code POST/DELETE /api/users/<id>/follow}, {@code GET /api/users/<id>/followers/} and
 * {@code /following/}. A new follow answers after it and the followee's {@code follow} notification are committed.
 */
final class FollowRoutes {
    private final FollowStore store;
    private final Notifications notifications;

    FollowRoutes(FollowStore store, Notifications notifications) {
        this.store = store;
        this.notifications = notifications;
    }

    void mount(Router router, BearerAuth auth) {
        for (String slash : new String[] {"/", ""}) {
            String follow = "/api/users/:id/follow" + slash;
            String followers = "/api/users/:id/followers" + slash;
            String following = "/api/users/:id/following" + slash;
            for (String path : List.of(follow, followers, following)) {
                router.route(path).handler(auth);
            }
            router.post(follow).handler(this::follow);
            router.delete(follow).handler(this::unfollow);
            router.get(followers).handler(ctx -> list(ctx, true));
            router.get(following).handler(ctx -> list(ctx, false));
        }
    }

    private void follow(RoutingContext ctx) {
        long follower = Rest.caller(ctx);
        long followee = Rest.pathId(ctx, "user");
        if (follower == followee) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "you cannot follow yourself", "id");
        }
        Future<Void> done = store.follow(follower, followee).compose(follow -> follow.notifies()
                ? notifications.follow(followee, follow.actor(), () -> store.releaseNotification(follower, followee))
                : Future.succeededFuture());
        Rest.ok(ctx, done, v -> state(follower, followee, true));
    }

    private void unfollow(RoutingContext ctx) {
        long follower = Rest.caller(ctx);
        long followee = Rest.pathId(ctx, "user");
        Rest.ok(ctx, store.unfollow(follower, followee), was -> state(follower, followee, false));
    }

    private static ObjectNode state(long follower, long followee, boolean following) {
        ObjectNode o = Json.object();
        o.put("follower_id", follower);
        o.put("followee_id", followee);
        o.put("following", following);
        return o;
    }

    private void list(RoutingContext ctx, boolean followers) {
        Rest.caller(ctx);
        long user = Rest.pathId(ctx, "user");
        int limit = Rest.limit(ctx);
        long after = QueryParams.of(ctx.request()).wholeNumber("cursor", 0, 0, Long.MAX_VALUE);
        Future<List<Actor>> page = followers ? store.followers(user, after, limit) : store.following(user, after, limit);
        Rest.ok(ctx, page, actors -> Rest.page(actors.stream().map(Actor::toJson).toList(), limit,
                last -> Long.toString(actors.get(last).id())));
    }
}

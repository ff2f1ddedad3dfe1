package io.switchboard.server.apps.users;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.EnvelopeCodec;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.eventloop.RequestLoop;
import io.switchboard.server.http.BearerAuth;
import io.switchboard.server.http.JsonBodies;
import io.switchboard.server.validation.QueryParams;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The seed's REST API on users, each change broadcast as {@code user_update} after its commit:
 * {@code GET/POST /api/users/}, {@code GET/PATCH/DELETE /api/users/<id>/}.
 */
final class UserRoutes {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    private final UserStore store;
    private final UserUpdates updates;

    UserRoutes(UserStore store, UserUpdates updates) {
        this.store = store;
        this.updates = updates;
    }

    void mount(Router router, BearerAuth auth) {
        for (String path : new String[] {"/api/users/", "/api/users"}) {
            router.route(path).handler(auth);
            router.get(path).handler(this::list);
            router.post(path).handler(this::create);
        }
        for (String path : new String[] {"/api/users/:id/", "/api/users/:id"}) {
            router.route(path).handler(auth);
            router.get(path).handler(ctx -> respond(ctx, 200, store.get(id(ctx))));
            router.patch(path).handler(this::patch);
            router.delete(path).handler(this::delete);
        }
    }

    private void list(RoutingContext ctx) {
        QueryParams query = QueryParams.of(ctx.request());
        int limit = (int) query.wholeNumber("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        long after = query.wholeNumber("cursor", 0, 0, Long.MAX_VALUE);
        boolean accounts = query.oneOf("accounts", "true", "true", "false").equals("true");
        store.list(after, limit, accounts).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            List<User> users = ar.result();
            ObjectNode body = Json.object();
            ArrayNode results = body.putArray("results");
            users.forEach(u -> results.add(u.toJson()));
            if (users.size() == limit) {
                body.put("next_cursor", String.valueOf(users.get(users.size() - 1).id()));
            } else {
                body.putNull("next_cursor");
            }
            JsonBodies.send(ctx, 200, body);
        });
    }

    private void create(RoutingContext ctx) {
        UserChanges changes = UserChanges.from(JsonBodies.fields(ctx, UserChanges.FIELDS), true);
        respond(ctx, 201, store.create(changes).onSuccess(u -> broadcast("create", u)));
    }

    private void patch(RoutingContext ctx) {
        long id = id(ctx);
        requireOwnerOrAdmin(ctx, id);
        Long expected = ifMatch(ctx);
        UserChanges changes = UserChanges.from(JsonBodies.fields(ctx, UserChanges.FIELDS), false);
        store.update(id, changes, expected).onComplete(ar -> {
            if (ar.succeeded()) {
                if (!changes.isEmpty()) {
                    broadcast("update", ar.result());
                }
                send(ctx, 200, ar.result());
            } else if (ar.cause() instanceof UserStore.StaleVersionException stale) {
                ObjectNode body = Json.object();
                body.set("error", EnvelopeCodec.errorBody(stale.code(), stale.getMessage(), stale.field()));
                body.set("current", stale.current().toJson());
                ctx.response().putHeader("ETag", etag(stale.current()));
                JsonBodies.send(ctx, 412, body);
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    private void delete(RoutingContext ctx) {
        long id = id(ctx);
        requireOwnerOrAdmin(ctx, id);
        store.delete(id).onComplete(ar -> {
            if (ar.succeeded()) {
                broadcast("delete", ar.result());
                RequestLoop.run(ctx.request(), () -> ctx.response().setStatusCode(204).end());
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    /**
     * A user record belongs to the user whose token subject is its id: anyone else changing it could rename or
     * delete any account, and spoof the names shown in other people's notifications. An admin may change any.
     */
    private static void requireOwnerOrAdmin(RoutingContext ctx, long id) {
        if (!BearerAuth.principal(ctx).mayChange(String.valueOf(id))) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "you may change only your own user (" + id
                    + " is not yours) unless your token has the admin role");
        }
    }

    private void broadcast(String action, User user) {
        updates.broadcast(action, user);
    }

    private void respond(RoutingContext ctx, int status, Future<User> user) {
        user.onComplete(ar -> {
            if (ar.succeeded()) {
                send(ctx, status, ar.result());
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    private static void send(RoutingContext ctx, int status, User user) {
        ctx.response().putHeader("ETag", etag(user));
        JsonBodies.send(ctx, status, user.toJson());
    }

    private static String etag(User user) {
        return "\"" + user.version() + "\"";
    }

    private static long id(RoutingContext ctx) {
        String raw = ctx.pathParam("id");
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // falls through to 404: a path that names no user
        }
        throw new ProtocolException(ErrorCode.NOT_FOUND, "no user with id " + (raw.length() > 32 ? raw.substring(0, 32) : raw));
    }

    private static Long ifMatch(RoutingContext ctx) {
        String header = ctx.request().getHeader("If-Match");
        if (header == null) {
            return null;
        }
        String v = header.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "If-Match must be a version such as \"3\"", "If-Match");
        }
    }
}

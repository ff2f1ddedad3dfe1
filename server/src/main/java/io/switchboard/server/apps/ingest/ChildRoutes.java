package io.switchboard.server.apps.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.http.BearerAuth;
import io.switchboard.server.http.JsonBodies;
import io.switchboard.server.store.Database;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A parent's REST API (JWT): enrol a child ({@code POST /api/children/}), list them, and read each child's data
 * ({@code /screen-time/}, {@code /locations/}, {@code /site-access/}). Another parent's child is 404, as if it
 * did not exist.
 */
final class ChildRoutes {
    private final Database db;
    private final ChildDirectory children;

    ChildRoutes(Database db, ChildDirectory children) {
        this.db = db;
        this.children = children;
    }

    void mount(Router router, BearerAuth auth) {
        for (String path : new String[] {"/api/children/", "/api/children"}) {
            router.route(path).handler(auth);
            router.get(path).handler(this::list);
            router.post(path).handler(this::create);
        }
        route(router, auth, "", (ctx, child) -> JsonBodies.send(ctx, 200, child.toJson()));
        route(router, auth, "screen-time", (ctx, child) -> read(ctx, child, TelemetryQueries::screenTime));
        route(router, auth, "locations", (ctx, child) -> read(ctx, child, TelemetryQueries::locations));
        route(router, auth, "site-access", (ctx, child) -> read(ctx, child, TelemetryQueries::siteAccess));
    }

    private interface ChildHandler {
        void handle(RoutingContext ctx, Child child);
    }

    private interface Query {
        ObjectNode run(java.sql.Connection c, long childId, ReadQuery q) throws java.sql.SQLException;
    }

    private void route(Router router, BearerAuth auth, String sub, ChildHandler handler) {
        String base = "/api/children/:id" + (sub.isEmpty() ? "" : "/" + sub);
        for (String path : new String[] {base + "/", base}) {
            router.route(path).handler(auth);
            router.get(path).handler(ctx -> owned(ctx).onComplete(ar -> {
                if (ar.failed()) {
                    ctx.fail(ar.cause());
                } else {
                    try {
                        handler.handle(ctx, ar.result());
                    } catch (ProtocolException e) {
                        ctx.fail(e);
                    }
                }
            }));
        }
    }

    private void read(RoutingContext ctx, Child child, Query query) {
        ReadQuery q = ReadQuery.of(ctx);
        respond(ctx, 200, db.withConnection(c -> query.run(c, child.id(), q)));
    }

    private void list(RoutingContext ctx) {
        String parent = BearerAuth.principal(ctx).userId();
        respond(ctx, 200, db.withConnection(c -> {
            ObjectNode body = Json.object();
            ArrayNode results = body.putArray("results");
            ChildStore.list(c, parent).forEach(child -> results.add(child.toJson()));
            return body;
        }));
    }

    private void create(RoutingContext ctx) {
        Principal parent = BearerAuth.principal(ctx);
        String valid = ChildStore.validName(JsonBodies.fields(ctx, "name").text("name"), "name");
        respond(ctx, 201, db.inTransaction(c -> ChildStore.create(c, parent.userId(), valid)).map(child -> {
            children.remember(child);
            return child.toJson();
        }));
    }

    /** The child named in the path if the caller is its parent; else 404, whether or not it exists. */
    private Future<Child> owned(RoutingContext ctx) {
        String raw = ctx.pathParam("id");
        String parent = BearerAuth.principal(ctx).userId();
        ProtocolException notFound = new ProtocolException(ErrorCode.NOT_FOUND,
                "no child with id " + (raw.length() > 32 ? raw.substring(0, 32) : raw));
        if (!raw.matches("[1-9][0-9]{0,17}")) {
            return Future.failedFuture(notFound);
        }
        return children.byId(Long.parseLong(raw)).compose(child -> child.isPresent() && child.get().parentId().equals(parent)
                ? Future.succeededFuture(child.get()) : Future.failedFuture(notFound));
    }

    private static void respond(RoutingContext ctx, int status, Future<? extends JsonNode> body) {
        body.onComplete(ar -> {
            if (ar.succeeded()) {
                JsonBodies.send(ctx, status, ar.result());
            } else {
                ctx.fail(ar.cause());
            }
        });
    }
}

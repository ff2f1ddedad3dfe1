package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.http.BearerAuth;
import io.switchboard.server.http.JsonBodies;
import io.switchboard.server.validation.QueryParams;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/** What the social routes share: the caller, path ids, paging parameters and answers. */
final class Rest {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private Rest() {
    }

    /** The signed-in user's id (the route runs behind {@link BearerAuth}). */
    static long caller(RoutingContext ctx) {
        return Fields.caller(BearerAuth.principal(ctx).userId());
    }

    /** The path's {@code :id}; a path that names no {@code what} answers 404. */
    static long pathId(RoutingContext ctx, String what) {
        String raw = ctx.pathParam("id");
        long id = Fields.positive(raw);
        if (id <= 0) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no " + what + " with id " + (raw.length() > 32 ? raw.substring(0, 32) : raw));
        }
        return id;
    }

    /** The {@code limit} parameter, 1 to {@link #MAX_LIMIT}, {@link #DEFAULT_LIMIT} when absent. */
    static int limit(RoutingContext ctx) {
        return (int) QueryParams.of(ctx.request()).wholeNumber("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    /** Answers with the result as JSON, or fails the request with the future's error. */
    static <T> void respond(RoutingContext ctx, Future<T> result, Function<T, Integer> status, Function<T, JsonNode> json) {
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                JsonBodies.send(ctx, status.apply(ar.result()), json.apply(ar.result()));
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    /** Answers 200 with the result as JSON. */
    static <T> void ok(RoutingContext ctx, Future<T> result, Function<T, JsonNode> json) {
        respond(ctx, result, r -> 200, json);
    }

    /** {@code {"results": [...], "next_cursor": "…" | null}}: a next cursor only after a full page. */
    static ObjectNode page(List<ObjectNode> items, int limit, Function<Integer, String> cursorOfLast) {
        ObjectNode body = Json.object();
        ArrayNode results = body.putArray("results");
        items.forEach(results::add);
        if (items.size() == limit && !items.isEmpty()) {
            body.put("next_cursor", cursorOfLast.apply(items.size() - 1));
        } else {
            body.putNull("next_cursor");
        }
        return body;
    }
}

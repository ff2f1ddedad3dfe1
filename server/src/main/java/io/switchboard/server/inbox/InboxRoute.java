package io.switchboard.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.EnvelopeCodec;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.http.ApiKeys;
import io.switchboard.server.idempotency.IdempotencyKey;
import io.switchboard.server.http.JsonBodies;
import io.switchboard.server.validation.JsonFields;
import io.switchboard.server.validation.JsonValue;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/inbox/events}: a backend with the API key emits events to users, one
 * ({@code {"user_id","type","data","scheduled_at"?}}, answered 201 {@code {"user_id","type","seq"}}, or 202 with
 * {@code scheduled_at} for a later one) or an array of 1 to 500 (200 with a result per event, in order).
 */
public final class InboxRoute {
    /** Events in one request at most. */
    public static final int MAX_BATCH = 500;
    private static final String[] FIELDS = {"user_id", "type", "data", "scheduled_at"};
    /** The scope of this route's idempotency keys. */
    static final String SCOPE = "inbox";

    private final Inbox inbox;
    private final ApiKeys keys;

    private InboxRoute(Inbox inbox, ApiKeys keys) {
        this.inbox = inbox;
        this.keys = keys;
    }

    /** Mounts the route. */
    public static void mount(Router router, Inbox inbox, ApiKeys keys) {
        InboxRoute route = new InboxRoute(inbox, keys);
        router.post("/api/inbox/events").handler(route::handle);
        router.post("/api/inbox/events/").handler(route::handle);
    }

    private void handle(RoutingContext ctx) {
        keys.require(ctx);
        String idempotencyKey = ctx.request().getHeader(IdempotencyKey.HEADER);
        if (idempotencyKey != null) {
            IdempotencyKey.check(idempotencyKey);
        }
        JsonNode body = JsonBodies.json(ctx);
        if (body.isObject()) {
            one(body, "", idempotencyKey, -1).onComplete(ar -> {
                if (ar.succeeded()) {
                    JsonBodies.send(ctx, ar.result().has("seq") ? 201 : 202, ar.result());
                } else {
                    ctx.fail(ar.cause());
                }
            });
            return;
        }
        checkBatch(body);
        List<Future<ObjectNode>> results = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            Future<ObjectNode> f;
            try {
                f = one(body.get(i), "[" + i + "]", idempotencyKey, i);
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            results.add(f.recover(e -> Future.succeededFuture(errorResult(e))));
        }
        Future.all(results).onComplete(ar -> {
            ObjectNode out = Json.object();
            ArrayNode list = out.putArray("results");
            results.forEach(f -> list.add(f.result()));
            JsonBodies.send(ctx, 200, out);
        });
    }

    /** A body that is not one event: refused unless it is an array of 1 to {@link #MAX_BATCH}. */
    static void checkBatch(JsonNode body) {
        if (!body.isArray() || body.isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "the body must be an event object or an array of 1 to " + MAX_BATCH);
        }
        if (body.size() > MAX_BATCH) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "at most " + MAX_BATCH + " events per request");
        }
    }

    /** One event; with a key, the event's own ({@code index} >= 0: the key of that item of an array). */
    private Future<ObjectNode> one(JsonNode event, String path, String idempotencyKey, int index) {
        if (!event.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "each event must be a JSON object");
        }
        JsonFields fields = JsonValue.of(event, path).object(FIELDS);
        String user = fields.text("user_id");
        String type = fields.text("type");
        JsonNode data = fields.any("data");
        ObjectNode result = Json.object().put("user_id", user).put("type", type);
        JsonValue at = fields.get("scheduled_at");
        Instant when = at.isPresent() ? at.instant() : null;
        String[] parts = {user, type, Json.write(data), when == null ? "" : when.toString()};
        IdempotencyKey key = idempotencyKey == null ? null : index < 0 ? IdempotencyKey.of(SCOPE, idempotencyKey, parts)
                : IdempotencyKey.of(SCOPE, idempotencyKey).item(index, parts);
        Future<ObjectNode> answer = when == null || !when.isAfter(Instant.now())
                ? inbox.emit(user, type, data, key) : inbox.schedule(user, type, data, when, key);
        return answer.map(a -> result.setAll(a));
    }

    private static ObjectNode errorResult(Throwable e) {
        ProtocolException pe = e instanceof ProtocolException p ? p : new ProtocolException(ErrorCode.INTERNAL, "internal error");
        ObjectNode out = Json.object();
        out.set("error", EnvelopeCodec.errorBody(pe.code(), pe.getMessage(), pe.field()));
        return out;
    }
}

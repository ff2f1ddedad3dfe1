package io.switchboard.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.http.ApiKeys;
import io.switchboard.server.http.JsonBodies;
import io.switchboard.server.validation.JsonFields;
import io.switchboard.server.validation.JsonValue;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/inbox/push}: a backend with the API key sends transient events (a reply's tokens, progress,
 * typing) to the sockets its users have open now, on any node, through {@link Inbox#push}: never stored, never
 * replayed. One {@code {"user_id","type","data"}} or an array of 1 to {@link InboxRoute#MAX_BATCH}, answered 202
 * {@code {"accepted": n}}.
 *
 * <p>Unlike the emit route, an array is all or nothing: every event is checked before the first goes out, so a bad
 * one (named by its index, {@code [3].type}) leaves nothing half-sent that the backend could not take back. There is
 * no {@code scheduled_at} (a later transient event would be stored after all) and no {@code Idempotency-Key}
 * (nothing is stored to remember it by).
 */
public final class InboxPushRoute {
    private static final String[] FIELDS = {"user_id", "type", "data"};

    private final Inbox inbox;
    private final ApiKeys keys;

    private InboxPushRoute(Inbox inbox, ApiKeys keys) {
        this.inbox = inbox;
        this.keys = keys;
    }

    /** Mounts the route, with and without the trailing slash. */
    public static void mount(Router router, Inbox inbox, ApiKeys keys) {
        InboxPushRoute route = new InboxPushRoute(inbox, keys);
        router.post("/api/inbox/push").handler(route::handle);
        router.post("/api/inbox/push/").handler(route::handle);
    }

    private void handle(RoutingContext ctx) {
        keys.require(ctx);
        byte[] bytes = JsonBodies.bytes(ctx);
        List<InboxEvent> pushes = PushBatchReader.read(bytes);
        if (pushes == null) {
            pushes = readCarefully(Json.parse(bytes));
        }
        // Published in request order from this one thread: every notifier keeps that order for each user's sockets.
        for (InboxEvent event : pushes) {
            inbox.pushChecked(event);
        }
        JsonBodies.send(ctx, 202, Json.object().put("accepted", pushes.size()));
    }

    /** The body read as a tree, every rule checked in order: what is wrong with it is named by its index and field. */
    private static List<InboxEvent> readCarefully(JsonNode body) {
        List<InboxEvent> pushes = new ArrayList<>();
        if (body.isObject()) {
            pushes.add(read(body, -1));
        } else {
            InboxRoute.checkBatch(body);
            for (int i = 0; i < body.size(); i++) {
                pushes.add(read(body.get(i), i));
            }
        }
        InboxEvent.buildFrames(pushes);
        for (int i = 0; i < pushes.size(); i++) {
            EventTypes.checkSize(pushes.get(i), body.isObject() ? "" : "[" + i + "].");
        }
        return pushes;
    }

    /**
     * One event, its fields checked as {@link Inbox#push} would (the size once its frame is built), its errors naming
     * the field under {@code [index]} (-1: the body is the one event). The request's own tree: nothing changes it
     * after this, so the frame is written from it, here, once.
     */
    private static InboxEvent read(JsonNode event, int index) {
        String path = index < 0 ? "" : "[" + index + "]";
        JsonFields fields = JsonValue.of(event, path).object(FIELDS);
        String user = fields.text("user_id");
        String type = fields.text("type");
        EventTypes.checkNames(user, type, path.isEmpty() ? "" : path + ".");
        return InboxEvent.pushed(user, type, fields.any("data"));
    }
}

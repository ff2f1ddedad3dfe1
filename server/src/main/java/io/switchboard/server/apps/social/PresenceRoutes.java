package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.http.BearerAuth;
import io.switchboard.server.presence.Presence;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is online, asked directly: {@code GET /api/users/<id>/status} ({@code {user_id, status}}) and
 * {@code GET /api/presence/?user_ids=1,2,3} (at most {@link Presence#MAX_QUERY} ids; {@code {online: [...]}}).
 */
final class PresenceRoutes {
    private final Presence presence;
    private final FollowStore users;

    PresenceRoutes(Presence presence, FollowStore users) {
        this.presence = presence;
        this.users = users;
    }

    void mount(Router router, BearerAuth auth) {
        for (String slash : new String[] {"/", ""}) {
            String status = "/api/users/:id/status" + slash;
            String online = "/api/presence" + slash;
            router.route(status).handler(auth);
            router.route(online).handler(auth);
            router.get(status).handler(this::status);
            router.get(online).handler(this::online);
        }
    }

    private void status(RoutingContext ctx) {
        Rest.caller(ctx);
        long user = Rest.pathId(ctx, "user");
        Rest.ok(ctx, users.requireUser(user).compose(v -> presence.isOnline(Long.toString(user))), online -> {
            ObjectNode o = Json.object();
            o.put("user_id", user);
            o.put("status", online ? "online" : "offline");
            return o;
        });
    }

    private void online(RoutingContext ctx) {
        Rest.caller(ctx);
        List<String> ids = ids(ctx.request().getParam("user_ids"));
        Rest.ok(ctx, presence.online(ids), found -> {
            ObjectNode o = Json.object();
            ArrayNode list = o.putArray("online");
            ids.stream().filter(found::contains).forEach(id -> list.add(Long.parseLong(id)));
            return o;
        });
    }

    private static List<String> ids(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, "user_ids is required: ids separated by commas", "user_ids");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String part : raw.split(",", -1)) {
            long id = Fields.positive(part.strip());
            if (id <= 0) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "user_ids must be user ids (whole numbers over 0) "
                        + "separated by commas", "user_ids");
            }
            ids.add(Long.toString(id));
            if (ids.size() > Presence.MAX_QUERY) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "user_ids may name at most " + Presence.MAX_QUERY + " users",
                        "user_ids");
            }
        }
        return new ArrayList<>(ids);
    }
}

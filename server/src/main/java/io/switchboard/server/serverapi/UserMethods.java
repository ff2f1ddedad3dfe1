package io.switchboard.server.serverapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Json;
import io.switchboard.server.cluster.ClusterUsers;
import io.switchboard.server.validation.JsonFields;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;

/**
 * {@code user_connections {user}}, {@code unsubscribe {user, channel}} and {@code disconnect {user, code?, reason?}}:
 * a user's sessions on every node.
 */
final class UserMethods {
    /** The close codes a disconnect may name: the application range whose meaning the clients know. */
    static final int MIN_CODE = 4000;
    static final int MAX_CODE = 4299;
    /** A close frame's reason holds at most this many bytes (RFC 6455). */
    static final int MAX_REASON_BYTES = 123;

    private final ClusterUsers users;

    UserMethods(ClusterUsers users) {
        this.users = users;
    }

    void addTo(ServerApi api) {
        api.add("user_connections", this::connections, "user");
        api.add("unsubscribe", this::unsubscribe, "user", "channel");
        api.add("disconnect", this::disconnect, "user", "code", "reason");
    }

    private Future<JsonNode> connections(JsonFields params) {
        String user = ApiParams.user(params);
        return users.connections(user).map(list -> {
            ObjectNode out = Json.object();
            ArrayNode connections = out.putArray("connections");
            list.forEach(c -> {
                ObjectNode o = connections.addObject().put("session_id", c.sessionId()).put("node", c.node())
                        .put("transport", c.transport());
                ArrayNode channels = o.putArray("channels");
                c.channels().forEach(channels::add);
            });
            return out;
        });
    }

    private Future<JsonNode> unsubscribe(JsonFields params) {
        String user = ApiParams.user(params);
        String channel = ApiParams.channel(params, "channel").toString();
        return users.unsubscribe(user, channel).map(n -> Json.object().put("sessions", n));
    }

    private Future<JsonNode> disconnect(JsonFields params) {
        String user = ApiParams.user(params);
        int code = params.has("code") ? (int) params.wholeNumber("code", MIN_CODE, MAX_CODE) : CloseCode.DISCONNECTED.code();
        String reason = params.optionalText("reason", 0, MAX_REASON_BYTES);
        if (reason == null) {
            CloseCode known = CloseCode.of(code);
            reason = known != null ? known.reason() : CloseCode.DISCONNECTED.reason();
        } else if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw params.get("reason").invalid("must be at most " + MAX_REASON_BYTES + " bytes in UTF-8");
        }
        return users.disconnect(user, code, reason).map(n -> Json.object().put("sessions", n));
    }
}

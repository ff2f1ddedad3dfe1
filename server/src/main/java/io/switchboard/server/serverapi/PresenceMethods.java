package io.switchboard.server.serverapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.cluster.SubscriberPresence;
import io.switchboard.server.validation.JsonFields;
import io.vertx.core.Future;

/** {@code presence {channel}} (who is subscribed, on every node) and {@code presence_stats {channel}} (how many). */
final class PresenceMethods {
    private final SubscriberPresence presence;

    PresenceMethods(SubscriberPresence presence) {
        this.presence = presence;
    }

    void addTo(ServerApi api) {
        api.add("presence", this::presence, "channel");
        api.add("presence_stats", this::stats, "channel");
    }

    private Future<JsonNode> presence(JsonFields params) {
        String channel = ApiParams.channel(params, "channel").toString();
        return presence.members(channel).map(m -> {
            ObjectNode out = Json.object();
            ArrayNode clients = out.putArray("clients");
            m.clients().forEach(c -> clients.addObject().put("user_id", c.userId()).put("session_id", c.sessionId()));
            return out;
        });
    }

    private Future<JsonNode> stats(JsonFields params) {
        String channel = ApiParams.channel(params, "channel").toString();
        return presence.members(channel)
                .map(m -> Json.object().put("num_clients", m.numClients()).put("num_users", m.numUsers()));
    }
}

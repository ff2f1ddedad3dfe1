package io.switchboard.server.serverapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.cluster.ChannelPattern;
import io.switchboard.server.cluster.ClusterChannels;
import io.switchboard.server.cluster.ClusterInfo;
import io.switchboard.server.validation.JsonFields;
import io.vertx.core.Future;

/** {@code channels {pattern?}} (the active channels with their subscriber counts) and {@code info} (each node's figures). */
final class NodeMethods {
    private final ClusterChannels channels;
    private final ClusterInfo info;

    NodeMethods(ClusterChannels channels, ClusterInfo info) {
        this.channels = channels;
        this.info = info;
    }

    void addTo(ServerApi api) {
        api.add("channels", this::channels, "pattern");
        api.add("info", this::info);
    }

    private Future<JsonNode> channels(JsonFields params) {
        String pattern = params.optionalText("pattern", 1, ChannelPattern.MAX_LENGTH);
        return channels.active(pattern).map(active -> {
            ObjectNode out = Json.object();
            ObjectNode list = out.putObject("channels");
            active.forEach((name, n) -> list.putObject(name).put("num_clients", n));
            return out;
        });
    }

    private Future<JsonNode> info(JsonFields params) {
        return info.nodes().map(nodes -> {
            ObjectNode out = Json.object();
            ArrayNode list = out.putArray("nodes");
            nodes.forEach(n -> list.addObject().put("name", n.name()).put("uptime", n.uptime())
                    .put("num_clients", n.numClients()).put("num_users", n.numUsers()).put("num_channels", n.numChannels()));
            return out;
        });
    }
}

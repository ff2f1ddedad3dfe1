package io.switchboard.server.cluster;

import io.switchboard.protocol.Json;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.control.NodeAnswer;
import io.switchboard.server.control.NodeControl;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.gateway.UserSessions;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;

/** Each node's figures (sessions, users, channels, uptime), from every node that answers. */
public final class ClusterInfo {
    private static final String QUESTION = "info";

    private final NodeControl control;

    private ClusterInfo(NodeControl control) {
        this.control = control;
    }

    /** Answers the question on this node, counting from {@code started} (epoch ms). */
    public static ClusterInfo install(NodeControl control, Gateway gateway, UserSessions users, ChannelRegistry channels,
                                      long started) {
        control.answer(QUESTION, args -> Future.succeededFuture(Json.object()
                .put("name", control.node())
                .put("uptime", Math.max(0, (System.currentTimeMillis() - started) / 1000))
                .put("num_clients", gateway.sessions().size())
                .put("num_users", users.users())
                .put("num_channels", channels.channelCount())));
        return new ClusterInfo(control);
    }

    /** The figures of every node that answered, by name. */
    public Future<List<NodeInfo>> nodes() {
        return control.ask(QUESTION, Json.object()).map(answers -> answers.stream().map(NodeAnswer::answer)
                .map(a -> new NodeInfo(a.path("name").asText(), a.path("uptime").asLong(), a.path("num_clients").asInt(),
                        a.path("num_users").asInt(), a.path("num_channels").asInt()))
                .sorted(Comparator.comparing(NodeInfo::name))
                .toList());
    }
}

package io.switchboard.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.control.NodeAnswer;
import io.switchboard.server.control.NodeControl;
import io.switchboard.server.gateway.Session;
import io.switchboard.server.gateway.UserSessions;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A user's connections on every node: listed, unsubscribed from a channel, or closed, wherever they are. */
public final class ClusterUsers {
    /** Connections one answer lists at most. */
    public static final int MAX_CONNECTIONS = 1_000;
    private static final String CONNECTIONS = "user_connections";
    private static final String UNSUBSCRIBE = "unsubscribe";
    private static final String DISCONNECT = "disconnect";

    private final NodeControl control;

    private ClusterUsers(NodeControl control) {
        this.control = control;
    }

    /** Answers the three questions on this node from its sessions. */
    public static ClusterUsers install(NodeControl control, UserSessions sessions) {
        control.answer(CONNECTIONS, args -> {
            ArrayNode out = Json.mapper().createArrayNode();
            for (Session s : sessions.of(args.path("user").asText())) {
                if (out.size() >= MAX_CONNECTIONS) {
                    break;
                }
                ObjectNode c = out.addObject().put("session_id", s.id()).put("node", control.node());
                ArrayNode channels = c.putArray("channels");
                s.channels().stream().sorted().forEach(channels::add);
            }
            return Future.succeededFuture(out);
        });
        control.answer(UNSUBSCRIBE, args -> Future.succeededFuture(Json.mapper().getNodeFactory().numberNode(
                sessions.unsubscribe(args.path("user").asText(), args.path("channel").asText()))));
        control.answer(DISCONNECT, args -> Future.succeededFuture(Json.mapper().getNodeFactory().numberNode(
                sessions.disconnect(args.path("user").asText(), args.path("code").asInt(), args.path("reason").asText()))));
        return new ClusterUsers(control);
    }

    /** The user's open connections on every node that answered, at most {@link #MAX_CONNECTIONS}. */
    public Future<List<UserConnection>> connections(String userId) {
        return control.ask(CONNECTIONS, Json.object().put("user", userId)).map(answers -> {
            List<UserConnection> out = new ArrayList<>();
            for (NodeAnswer a : answers) {
                for (JsonNode c : a.answer()) {
                    List<String> channels = new ArrayList<>();
                    c.path("channels").forEach(ch -> channels.add(ch.asText()));
                    out.add(new UserConnection(c.path("session_id").asText(), c.path("node").asText(), List.copyOf(channels)));
                }
            }
            out.sort(Comparator.comparing(UserConnection::node).thenComparing(UserConnection::sessionId));
            return out.size() > MAX_CONNECTIONS ? List.copyOf(out.subList(0, MAX_CONNECTIONS)) : List.copyOf(out);
        });
    }

    /** Unsubscribes the user's sessions on every node from {@code channel}; completes with how many were subscribed. */
    public Future<Integer> unsubscribe(String userId, String channel) {
        return control.ask(UNSUBSCRIBE, Json.object().put("user", userId).put("channel", channel)).map(ClusterUsers::sum);
    }

    /** Closes the user's sessions on every node with {@code code} and {@code reason}; completes with how many. */
    public Future<Integer> disconnect(String userId, int code, String reason) {
        return control.ask(DISCONNECT, Json.object().put("user", userId).put("code", code).put("reason", reason))
                .map(ClusterUsers::sum);
    }

    private static int sum(List<NodeAnswer> answers) {
        return answers.stream().mapToInt(a -> a.answer().asInt()).sum();
    }
}

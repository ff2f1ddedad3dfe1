package io.switchboard.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.control.NodeAnswer;
import io.switchboard.server.control.NodeControl;
import io.switchboard.server.gateway.Session;
import io.switchboard.server.gateway.UserSessions;
import io.switchboard.server.socketio.SocketIoServer;
import io.switchboard.server.socketio.SocketIoSocket;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A user's connections on every node, native sessions ({@code /ws}, {@code /ws/user/<id>}) and Socket.IO sockets:
 * listed, unsubscribed from a channel, or closed, wherever they are. A Socket.IO socket has no close code: it is
 * disconnected as by the server ({@code io server disconnect}, after which Socket.IO clients do not reconnect by
 * themselves), and told of an unsubscribe by an {@code unsubscribed} event {@code {channel, data: {code}}}.
 */
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
    public static ClusterUsers install(NodeControl control, UserSessions sessions, SocketIoServer socketIo) {
        control.answer(CONNECTIONS, args -> {
            String user = args.path("user").asText();
            ArrayNode out = Json.mapper().createArrayNode();
            for (Session s : sessions.of(user)) {
                if (out.size() >= MAX_CONNECTIONS) {
                    break;
                }
                connection(out, s.id(), control.node(), s.transport(), s.channels());
            }
            for (SocketIoSocket s : socketIo.socketsOf(user)) {
                if (out.size() >= MAX_CONNECTIONS) {
                    break;
                }
                connection(out, s.id(), control.node(), "socketio", s.rooms());
            }
            return Future.succeededFuture(out);
        });
        control.answer(UNSUBSCRIBE, args -> {
            String user = args.path("user").asText();
            String channel = args.path("channel").asText();
            int n = sessions.unsubscribe(user, channel);
            for (SocketIoSocket s : socketIo.socketsOf(user)) {
                if (s.rooms().contains(channel)) {
                    s.leave(channel);
                    ObjectNode event = Json.object().put("channel", channel);
                    event.putObject("data").put("code", UserSessions.UNSUBSCRIBED_BY_SERVER);
                    s.emit("unsubscribed", event);
                    n++;
                }
            }
            return Future.succeededFuture(Json.mapper().getNodeFactory().numberNode(n));
        });
        control.answer(DISCONNECT, args -> {
            String user = args.path("user").asText();
            int n = sessions.disconnect(user, args.path("code").asInt(), args.path("reason").asText());
            List<SocketIoSocket> sockets = socketIo.socketsOf(user);
            sockets.forEach(SocketIoSocket::disconnect);
            return Future.succeededFuture(Json.mapper().getNodeFactory().numberNode(n + sockets.size()));
        });
        return new ClusterUsers(control);
    }

    private static void connection(ArrayNode out, String id, String node, String transport, java.util.Set<String> channels) {
        ObjectNode c = out.addObject().put("session_id", id).put("node", node).put("transport", transport);
        ArrayNode list = c.putArray("channels");
        channels.stream().sorted().forEach(list::add);
    }

    /** The user's open connections on every node that answered, at most {@link #MAX_CONNECTIONS}. */
    public Future<List<UserConnection>> connections(String userId) {
        return control.ask(CONNECTIONS, Json.object().put("user", userId)).map(answers -> {
            List<UserConnection> out = new ArrayList<>();
            for (NodeAnswer a : answers) {
                for (JsonNode c : a.answer()) {
                    List<String> channels = new ArrayList<>();
                    c.path("channels").forEach(ch -> channels.add(ch.asText()));
                    out.add(new UserConnection(c.path("session_id").asText(), c.path("node").asText(),
                            c.path("transport").asText(), List.copyOf(channels)));
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

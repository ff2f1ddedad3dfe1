package io.switchboard.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.channel.Subscriber;
import io.switchboard.server.control.NodeAnswer;
import io.switchboard.server.control.NodeControl;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is subscribed to a channel, on every node: each node answers from its live subscriptions, so the answer is
 * right for any channel, whatever its namespace records. A node lists at most {@link #MAX_CLIENTS} clients but counts
 * them all.
 */
public final class SubscriberPresence {
    /** Clients one answer lists at most. */
    public static final int MAX_CLIENTS = 10_000;
    private static final String QUESTION = "presence";

    private final NodeControl control;

    /**
     * A subscribed client.
     *
     * @param userId    its user
     * @param sessionId its session
     */
    public record Client(String userId, String sessionId) {
    }

    /**
     * A channel's subscribers.
     *
     * @param clients    at most {@link #MAX_CLIENTS} of them
     * @param numClients how many sessions are subscribed on the nodes that answered
     * @param numUsers   how many users those are (counted from the clients listed)
     */
    public record Members(List<Client> clients, int numClients, int numUsers) {
    }

    private SubscriberPresence(NodeControl control) {
        this.control = control;
    }

    /** Answers the question on this node from {@code registry}. */
    public static SubscriberPresence install(NodeControl control, ChannelRegistry registry) {
        control.answer(QUESTION, args -> {
            String channel = args.path("channel").asText();
            ObjectNode out = Json.object().put("num_clients", registry.subscriberCount(channel));
            ArrayNode clients = out.putArray("clients");
            for (Subscriber s : registry.subscribers(channel, MAX_CLIENTS)) {
                if (s.id() != null && !s.isClosed()) {
                    clients.addObject().put("user_id", s.userId()).put("session_id", s.id());
                }
            }
            return Future.succeededFuture(out);
        });
        return new SubscriberPresence(control);
    }

    /** The channel's subscribers on every node that answered. */
    public Future<Members> members(String channel) {
        return control.ask(QUESTION, Json.object().put("channel", channel)).map(answers -> {
            List<Client> clients = new ArrayList<>();
            Set<String> users = new HashSet<>();
            int count = 0;
            for (NodeAnswer a : answers) {
                count += a.answer().path("num_clients").asInt();
                for (JsonNode c : a.answer().path("clients")) {
                    users.add(c.path("user_id").asText());
                    if (clients.size() < MAX_CLIENTS) {
                        clients.add(new Client(c.path("user_id").asText(), c.path("session_id").asText()));
                    }
                }
            }
            return new Members(List.copyOf(clients), count, users.size());
        });
    }
}

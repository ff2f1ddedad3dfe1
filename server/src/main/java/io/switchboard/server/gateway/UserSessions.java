package io.switchboard.server.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MessageTypes;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.collections.SmallSets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's sessions by user, for what the backend does to a user through the server API: list their
 * connections, unsubscribe them from a channel, disconnect them. Bounded by the sessions the node admits (its
 * connection limits); a user with no session here has no entry.
 */
public final class UserSessions {
    /** The {@code data.code} of the {@code unsubscribed} push when the backend ended the subscription. */
    public static final String UNSUBSCRIBED_BY_SERVER = "unsubscribed_by_server";

    /** Each user's sessions as {@link SmallSets}: a few bytes for the usual one or two. */
    private final Map<String, Set<Session>> byUser = new ConcurrentHashMap<>();
    private final ChannelRegistry channels;

    private UserSessions(ChannelRegistry channels) {
        this.channels = channels;
    }

    /** Follows every session the gateway opens and closes. */
    public static UserSessions follow(Gateway gateway, ChannelRegistry channels) {
        UserSessions sessions = new UserSessions(channels);
        gateway.onSessionOpen(sessions::opened);
        gateway.onSessionClose(sessions::closed);
        return sessions;
    }

    private void opened(Session session) {
        byUser.compute(session.userId(), (u, set) -> SmallSets.with(set, session));
    }

    private void closed(Session session) {
        byUser.computeIfPresent(session.userId(), (u, set) -> SmallSets.without(set, session));
    }

    /** The user's open sessions on this node. */
    public List<Session> of(String userId) {
        Set<Session> set = byUser.get(userId);
        return set == null ? List.of() : set.stream().filter(s -> !s.isClosed()).toList();
    }

    /** Users with at least one session on this node. */
    public int users() {
        return byUser.size();
    }

    /**
     * Ends the user's subscription to {@code channel} on each of their sessions here that holds it, telling each
     * client with {@code {"type":"unsubscribed","channel":…,"data":{"code":"unsubscribed_by_server"}}}; returns how
     * many sessions were subscribed.
     */
    public int unsubscribe(String userId, String channel) {
        int n = 0;
        for (Session session : of(userId)) {
            if (session.channels().remove(channel)) {
                channels.unsubscribe(channel, session);
                ObjectNode push = Json.object().put("type", MessageTypes.UNSUBSCRIBED).put("channel", channel);
                push.putObject("data").put("code", UNSUBSCRIBED_BY_SERVER);
                session.send(push);
                n++;
            }
        }
        return n;
    }

    /** Closes each of the user's sessions here with {@code code} and {@code reason}; returns how many. */
    public int disconnect(String userId, int code, String reason) {
        List<Session> sessions = of(userId);
        sessions.forEach(s -> s.close(code, reason));
        return sessions.size();
    }
}

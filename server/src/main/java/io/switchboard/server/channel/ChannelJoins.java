package io.switchboard.server.channel;

import io.switchboard.protocol.Json;
import io.switchboard.server.broker.Publication;
import io.switchboard.server.presence.ChannelClient;
import io.switchboard.server.presence.ChannelPresence;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a session's arrival on a channel and its leaving mean for the channel's namespace: its presence records the
 * session ({@code presence=true}), and its subscribers get {@code {"type":"join"|"leave","channel",
 * "data":{"user_id","session_id"}}} ({@code join-leave=true}). Those frames are ephemeral: no history keeps them.
 */
public final class ChannelJoins {
    /** The pushed type when a session subscribes. */
    public static final String JOIN = "join";
    /** The pushed type when a session leaves. */
    public static final String LEAVE = "leave";
    private static final Logger LOG = LoggerFactory.getLogger(ChannelJoins.class);

    private final ChannelPresence presence;
    private final ChannelRegistry registry;

    /** Joins recorded in {@code presence} and announced through {@code registry}. */
    public ChannelJoins(ChannelPresence presence, ChannelRegistry registry) {
        this.presence = presence;
        this.registry = registry;
    }

    /** The channel presence every node shares. */
    public ChannelPresence presence() {
        return presence;
    }

    /**
     * The client subscribed to the channel: completes once presence holds it (and the join is on its way); a failure to
     * record it is logged, not the subscriber's problem (the next renewal records it).
     */
    public Future<Void> joined(Namespace ns, String channel, ChannelClient client) {
        Future<Void> recorded = ns.presence() ? presence.add(channel, client).recover(e -> {
            LOG.debug("presence of {} on {} not recorded: {}", client.sessionId(), channel, e.toString());
            return Future.succeededFuture();
        }) : Future.succeededFuture();
        return recorded.onComplete(v -> announce(ns, channel, JOIN, client));
    }

    /** The client left the channel (unsubscribed, expired or closed). */
    public void left(Namespace ns, String channel, ChannelClient client) {
        if (ns.presence()) {
            presence.remove(channel, client.sessionId())
                    .onFailure(e -> LOG.debug("presence of {} on {} not removed: {}", client.sessionId(), channel, e.toString()));
        }
        announce(ns, channel, LEAVE, client);
    }

    private void announce(Namespace ns, String channel, String type, ChannelClient client) {
        if (!ns.joinLeave()) {
            return;
        }
        byte[] data = Json.bytes(Json.object().put("user_id", client.userId()).put("session_id", client.sessionId()));
        registry.publish(Publication.ephemeral(channel, type, data))
                .onFailure(e -> LOG.debug("{} on {} not announced: {}", type, channel, e.toString()));
    }
}

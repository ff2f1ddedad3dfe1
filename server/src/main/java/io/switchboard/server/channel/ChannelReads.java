package io.switchboard.server.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MessageTypes;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.broker.ChannelHistory;
import io.switchboard.server.broker.HistoryPage;
import io.switchboard.server.broker.HistoryQuery;
import io.switchboard.server.broker.Publication;
import io.switchboard.server.broker.StreamPosition;
import io.switchboard.server.presence.ChannelClient;
import io.switchboard.server.presence.ChannelPresence;
import io.switchboard.server.presence.PresenceStats;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads of a channel's presence and history, for every node of the deployment, as the backend may make them (the
 * server API) and as the socket's {@code presence}, {@code presence_stats} and {@code history} make them once they
 * checked the client may. A channel whose namespace does not keep what is asked is {@code forbidden} (field
 * {@code channel}), naming the option that is off.
 */
public final class ChannelReads {
    /** Publications a history read gives when it names no limit (or fewer when the namespace keeps fewer). */
    public static final int DEFAULT_HISTORY_LIMIT = 100;

    private final ChannelPolicy policy;
    private final ChannelPresence presence;
    private final ChannelHistory history;

    /** Reads through the node's policy, channel presence and history. */
    public ChannelReads(ChannelPolicy policy, ChannelPresence presence, ChannelHistory history) {
        this.policy = policy;
        this.presence = presence;
        this.history = history;
    }

    /** The sessions subscribed to the channel, on every node. */
    public Future<List<ChannelClient>> presence(ChannelName channel) {
        return withPresence(channel).compose(ns -> presence.clients(channel.toString()));
    }

    /** How many sessions and users are subscribed to the channel, on every node. */
    public Future<PresenceStats> presenceStats(ChannelName channel) {
        return withPresence(channel).compose(ns -> presence.stats(channel.toString()));
    }

    /**
     * The channel's publications still kept, oldest first (newest first with {@code reverse}), with its position:
     * the latest {@code limit} ones, or the first {@code limit} after {@code since} (before it with {@code reverse});
     * none when {@code since} names an epoch that is gone. {@code limit} null means {@link #DEFAULT_HISTORY_LIMIT};
     * no read gives more than the namespace keeps. A refusal blames {@code field}, where the caller took the channel.
     */
    public Future<HistoryPage> history(ChannelName channel, String field, StreamPosition since, Integer limit,
                                      boolean reverse) {
        Namespace ns;
        try {
            ns = withHistory(channel, field);
        } catch (ProtocolException e) {
            return Future.failedFuture(e);
        }
        int max = Math.min(limit == null ? DEFAULT_HISTORY_LIMIT : limit, ns.historySize());
        return history.read(channel.toString(), new HistoryQuery(since, Math.max(0, max), reverse));
    }

    /** Drops what the channel's history keeps; its offsets go on from where they were. */
    public Future<Void> removeHistory(ChannelName channel, String field) {
        try {
            withHistory(channel, field);
        } catch (ProtocolException e) {
            return Future.failedFuture(e);
        }
        return history.remove(channel.toString());
    }

    private Future<Namespace> withPresence(ChannelName channel) {
        Namespace ns;
        try {
            ns = policy.require(channel, "channel");
        } catch (ProtocolException e) {
            return Future.failedFuture(e);
        }
        if (!ns.presence()) {
            return Future.failedFuture(new ProtocolException(ErrorCode.FORBIDDEN, "namespace '" + ns.name()
                    + "' keeps no presence (presence=false)", "channel"));
        }
        return Future.succeededFuture(ns);
    }

    private Namespace withHistory(ChannelName channel, String field) {
        Namespace ns = policy.require(channel, field);
        if (ns.historySize() == 0) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "namespace '" + ns.name() + "' keeps no history (history-size=0)",
                    field);
        }
        return ns;
    }

    /**
     * A history page as the socket's {@code history} and the server API answer it: {@code {publications: [{offset,
     * type?, data}], epoch, offset}}, {@code type} only for what is not a plain {@code message}.
     */
    public static ObjectNode json(HistoryPage page) {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("publications");
        for (Publication p : page.publications()) {
            ObjectNode entry = list.addObject().put("offset", p.offset());
            if (!MessageTypes.MESSAGE.equals(p.type())) {
                entry.put("type", p.type());
            }
            entry.set("data", Json.parse(new String(p.data(), StandardCharsets.UTF_8)));
        }
        out.put("epoch", page.position().epoch());
        out.put("offset", page.position().offset());
        return out;
    }
}

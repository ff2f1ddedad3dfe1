package io.switchboard.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Envelope;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MessageTypes;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.broker.HistoryOptions;
import io.switchboard.server.broker.Publication;
import io.switchboard.server.broker.StreamPosition;
import io.switchboard.server.channel.ChannelName;
import io.switchboard.server.channel.ChannelPolicy;
import io.switchboard.server.channel.ChannelReads;
import io.switchboard.server.channel.Namespace;
import io.switchboard.server.presence.ChannelClient;
import io.switchboard.server.validation.JsonFields;
import io.vertx.core.Future;

/**
 * The {@code presence}, {@code presence_stats} and {@code history} message handlers: a client subscribed to a channel
 * reads who else is and what was published, where the channel's namespace lets clients
 * ({@code client-presence}, {@code client-history}); otherwise {@code forbidden}, naming the option.
 */
public final class ChannelQueryHandlers {
    private static final int MAX_EPOCH = 64;
    private final ChannelPolicy policy;
    private final ChannelReads reads;

    private ChannelQueryHandlers(ChannelPolicy policy, ChannelReads reads) {
        this.policy = policy;
        this.reads = reads;
    }

    /** Registers the three handlers on the gateway. */
    public static void install(Gateway gateway, ChannelPolicy policy, ChannelReads reads) {
        ChannelQueryHandlers h = new ChannelQueryHandlers(policy, reads);
        gateway.register(MessageTypes.PRESENCE, h::presence);
        gateway.register(MessageTypes.PRESENCE_STATS, h::presenceStats);
        gateway.register(MessageTypes.HISTORY, h::history);
    }

    private Future<JsonNode> presence(Session session, Envelope envelope) {
        ChannelName channel = presenceChannel(session, JsonFields.data(envelope.data(), "channel"));
        return reads.presence(channel).map(clients -> {
            ObjectNode out = Json.object();
            ArrayNode list = out.putArray("clients");
            for (ChannelClient c : clients) {
                list.add(c.toJson());
            }
            return out;
        });
    }

    private Future<JsonNode> presenceStats(Session session, Envelope envelope) {
        ChannelName channel = presenceChannel(session, JsonFields.data(envelope.data(), "channel"));
        return reads.presenceStats(channel).map(s -> Json.object().put("num_clients", s.numClients()).put("num_users", s.numUsers()));
    }

    private Future<JsonNode> history(Session session, Envelope envelope) {
        JsonFields data = JsonFields.data(envelope.data(), "channel", "limit", "since");
        ChannelName channel = channelOf(data);
        Integer limit = data.has("limit") ? (int) data.wholeNumber("limit", 0, HistoryOptions.MAX_SIZE) : null;
        JsonFields since = data.optionalObject("since", "epoch", "offset");
        StreamPosition from = since == null ? null
                : new StreamPosition(since.text("epoch", 0, MAX_EPOCH), since.wholeNumber("offset", 0, Long.MAX_VALUE));
        Namespace ns = policy.require(channel);
        if (!ns.clientHistory()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "namespace '" + ns.name()
                    + "' does not let clients read history (client-history=false)", "data.channel");
        }
        requireSubscribed(session, channel);
        return reads.history(channel, "data.channel", from, limit, false).map(ChannelReads::json);
    }

    private ChannelName presenceChannel(Session session, JsonFields data) {
        ChannelName channel = channelOf(data);
        Namespace ns = policy.require(channel);
        if (!ns.clientPresence()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "namespace '" + ns.name()
                    + "' does not let clients read presence (client-presence=false)", "data.channel");
        }
        requireSubscribed(session, channel);
        return channel;
    }

    private static void requireSubscribed(Session session, ChannelName channel) {
        if (!session.channels().contains(channel.toString())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "subscribe to " + channel + " first: only its subscribers read it",
                    "data.channel");
        }
    }

    private static ChannelName channelOf(JsonFields data) {
        return ChannelName.parse(data.text("channel"), data.get("channel").path());
    }
}

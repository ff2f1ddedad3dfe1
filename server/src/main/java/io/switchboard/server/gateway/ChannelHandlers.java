package io.switchboard.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Envelope;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.MessageTypes;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.broker.StreamPosition;
import io.switchboard.server.channel.ChannelAction;
import io.switchboard.server.channel.ChannelFrames;
import io.switchboard.server.channel.ChannelName;
import io.switchboard.server.channel.ChannelPolicy;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.limits.OutboundBudget;
import io.switchboard.server.validation.JsonFields;
import io.vertx.core.Future;

/**
 * The {@code subscribe}, {@code unsubscribe} and {@code publish} message handlers. On a channel whose namespace
 * keeps history, {@code subscribe} answers with the channel's position, and with {@code recover} first sends the
 * publications the client missed.
 *
 * <p>They live with the gateway, the connection layer that speaks the protocol, and call down into the channel
 * registry, which knows its subscribers only as {@link io.switchboard.server.channel.Subscriber}s.
 */
public final class ChannelHandlers {
    /** Channels one session may be subscribed to at once. */
    public static final int MAX_SUBSCRIPTIONS = 256;
    /** The longest epoch a client may name in {@code recover}. */
    private static final int MAX_EPOCH = 64;

    private final ChannelRegistry registry;
    private final ChannelPolicy policy;
    private final int maxRecovered;
    private final Gateway gateway;
    private volatile ChannelHooks hooks = ChannelHooks.NONE;

    private ChannelHandlers(Gateway gateway, ChannelRegistry registry, ChannelPolicy policy, int maxRecovered) {
        this.gateway = gateway;
        this.registry = registry;
        this.policy = policy;
        this.maxRecovered = maxRecovered;
    }

    /** Registers the three handlers on the gateway, and unsubscribes every session that ends. */
    public static ChannelHandlers install(Gateway gateway, ChannelRegistry registry, ChannelPolicy policy) {
        return install(gateway, registry, policy, Integer.MAX_VALUE);
    }

    /**
     * Registers the three handlers on the gateway, and unsubscribes every session that ends. A recovery that would
     * send more than {@code maxRecovered} publications at once answers {@code recovered: false} instead (keep it
     * under the outbound queue's limit).
     */
    public static ChannelHandlers install(Gateway gateway, ChannelRegistry registry, ChannelPolicy policy, int maxRecovered) {
        ChannelHandlers h = new ChannelHandlers(gateway, registry, policy, Math.max(1, maxRecovered));
        gateway.register(MessageTypes.SUBSCRIBE, h::subscribe);
        gateway.register(MessageTypes.UNSUBSCRIBE, h::unsubscribe);
        gateway.register(MessageTypes.PUBLISH, h::publish);
        gateway.onSessionClose(h::dropAll);
        return h;
    }

    /** Asks {@code hooks} (the backend) before each subscribe and publish the namespace rules allow. */
    public void hooks(ChannelHooks hooks) {
        this.hooks = hooks;
    }

    /** Registers the three handlers in an app's own handler set too, for a socket kind that also uses channels. */
    public void registerOn(HandlerSet set) {
        set.register(MessageTypes.SUBSCRIBE, this::subscribe);
        set.register(MessageTypes.UNSUBSCRIBE, this::unsubscribe);
        set.register(MessageTypes.PUBLISH, this::publish);
    }

    private Future<JsonNode> subscribe(Session session, Envelope envelope) {
        JsonFields data = JsonFields.data(envelope.data(), "channel", "recover");
        ChannelName channel = channelOf(data);
        StreamPosition from = recoverFrom(data.optionalObject("recover", "epoch", "offset"));
        String name = channel.toString();
        boolean history = policy.history(name) != null;
        if (session.channels().contains(name)) {
            return history ? registry.position(name).map(p -> position(null, p)) : Future.succeededFuture(null);
        }
        checkRoom(session);
        return policy.authorize(session.principal(), channel, ChannelAction.SUBSCRIBE).compose(allowed -> {
            if (!allowed) {
                return Future.failedFuture(forbidden(name));
            }
            // Again after the authorizer: several subscribes may have been waiting on it at once.
            checkRoom(session);
            return hooks.subscribe(session, name).compose(extra -> join(session, name, history, from)
                    .map(result -> withHookData(result, extra)));
        });
    }

    /** Subscribes once the rules and the hook allowed it; again checks room, the hook may have taken a while. */
    private Future<JsonNode> join(Session session, String name, boolean history, StreamPosition from) {
        checkRoom(session);
        if (!history) {
            Future<Void> done = registry.subscribe(session, name);
            return from == null ? done.map(v -> (JsonNode) null)
                    : done.map(v -> (JsonNode) Json.object().put("recovered", false));
        }
        if (from == null) {
            // The position is read after the subscription is in place: every later publication is delivered.
            return registry.subscribe(session, name).compose(v -> registry.position(name)).map(p -> position(null, p));
        }
        return registry.subscribe(session, name, from.epoch(), from.offset(), maxRecovered)
                .map(r -> position(r.recovered(), r.position()));
    }

    /** The subscribe ack's data with what the subscribe hook gave the client under {@code data}. */
    private static JsonNode withHookData(JsonNode result, JsonNode extra) {
        if (extra == null) {
            return result;
        }
        ObjectNode out = result instanceof ObjectNode o ? o : Json.object();
        out.set("data", extra);
        return out;
    }

    private static JsonNode position(Boolean recovered, StreamPosition p) {
        ObjectNode out = Json.object();
        if (recovered != null) {
            out.put("recovered", recovered);
        }
        out.put("epoch", p.epoch());
        out.put("offset", p.offset());
        return out;
    }

    private static StreamPosition recoverFrom(JsonFields recover) {
        if (recover == null) {
            return null;
        }
        return new StreamPosition(recover.text("epoch", 0, MAX_EPOCH), recover.wholeNumber("offset", 0, Long.MAX_VALUE));
    }

    private static void checkRoom(Session session) {
        if (session.channels().size() >= MAX_SUBSCRIPTIONS) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "a session may hold at most " + MAX_SUBSCRIPTIONS + " subscriptions", "data.channel");
        }
    }

    private Future<JsonNode> unsubscribe(Session session, Envelope envelope) {
        ChannelName channel = channelOf(JsonFields.data(envelope.data(), "channel"));
        String name = channel.toString();
        if (session.channels().remove(name)) {
            registry.unsubscribe(name, session);
        }
        return Future.succeededFuture(null);
    }

    private Future<JsonNode> publish(Session session, Envelope envelope) {
        JsonFields fields = JsonFields.data(envelope.data(), "channel", "data");
        ChannelName channel = channelOf(fields);
        JsonNode data = fields.any("data");
        return policy.authorize(session.principal(), channel, ChannelAction.PUBLISH).compose(allowed -> {
            if (!allowed) {
                return Future.failedFuture(forbidden(channel.toString()));
            }
            if (gateway.outboundBudget().full()) {
                gateway.metrics().publishRefused();
                return Future.failedFuture(OutboundBudget.publishRefused());
            }
            return hooks.publish(session, channel.toString(), data)
                    .compose(payload -> registry.publish(ChannelFrames.message(channel, payload)))
                    .map(v -> (JsonNode) null);
        });
    }

    private void dropAll(Session session) {
        for (String name : session.channels()) {
            registry.unsubscribe(name, session);
        }
        session.channels().clear();
    }

    private static ChannelName channelOf(JsonFields data) {
        return ChannelName.parse(data.text("channel"), data.get("channel").path());
    }

    private static ProtocolException forbidden(String channel) {
        return new ProtocolException(ErrorCode.FORBIDDEN, "not allowed on channel " + channel, "data.channel");
    }
}

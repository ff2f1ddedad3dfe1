package io.switchboard.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Envelope;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MessageTypes;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.auth.AuthException;
import io.switchboard.server.auth.SubscriptionGrant;
import io.switchboard.server.auth.TokenService;
import io.switchboard.server.broker.StreamPosition;
import io.switchboard.server.channel.ChannelFrames;
import io.switchboard.server.channel.ChannelJoins;
import io.switchboard.server.channel.ChannelName;
import io.switchboard.server.channel.ChannelPolicy;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.channel.Namespace;
import io.switchboard.server.limits.OutboundBudget;
import io.switchboard.server.outbound.FrameKind;
import io.switchboard.server.presence.ChannelClient;
import io.switchboard.server.validation.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The {@code subscribe}, {@code unsubscribe}, {@code publish} and {@code sub_refresh} message handlers. The channel's
 * namespace ({@link ChannelPolicy}) decides who may subscribe and publish; a subscription made with a subscription
 * token ends when the token runs out, unless {@code sub_refresh} brings a fresh one. On a channel whose namespace
 * keeps history, {@code subscribe} answers with the channel's position, and with {@code recover} first sends the
 * publications the client missed. Subscribing and leaving are recorded in the namespace's presence and announced
 * as {@code join} and {@code leave} where it says so ({@link ChannelJoins}).
 *
 * <p>They live with the gateway, the connection layer that speaks the protocol, and call down into the channel
 * registry, which knows its subscribers only as {@link io.switchboard.server.channel.Subscriber}s.
 */
public final class ChannelHandlers {
    /** Channels one session may be subscribed to at once. */
    public static final int MAX_SUBSCRIPTIONS = 256;
    /** Why the server ended a subscription whose token ran out ({@code unsubscribed}'s {@code data.code}). */
    public static final String SUBSCRIPTION_EXPIRED = "subscription_expired";
    /** Why the server ended a subscription the backend ended ({@code unsubscribed}'s {@code data.code}). */
    public static final String UNSUBSCRIBED_BY_SERVER = "unsubscribed_by_server";
    /** The one delta format a subscribe may ask for ({@code data.delta}). */
    static final String DELTA_FOSSIL = "fossil";
    /** The longest epoch a client may name in {@code recover}. */
    private static final int MAX_EPOCH = 64;
    private static final int MAX_TOKEN_CHARS = 8192;

    private final ChannelRegistry registry;
    private final ChannelPolicy policy;
    private final ChannelJoins joins;
    private final TokenService tokens;
    private final int maxRecovered;
    private final Gateway gateway;
    private final SubscriptionExpiry expiry;
    private volatile ChannelHooks hooks = ChannelHooks.NONE;

    private ChannelHandlers(Vertx vertx, Gateway gateway, ChannelRegistry registry, ChannelPolicy policy, ChannelJoins joins,
                            TokenService tokens, int maxRecovered) {
        this.gateway = gateway;
        this.registry = registry;
        this.policy = policy;
        this.joins = joins;
        this.tokens = tokens;
        this.maxRecovered = maxRecovered;
        this.expiry = new SubscriptionExpiry(vertx, (session, channel) -> end(session, channel, SUBSCRIPTION_EXPIRED));
    }

    /**
     * Registers the handlers on the gateway, and unsubscribes every session that ends. A recovery that would send more
     * than {@code maxRecovered} publications at once answers {@code recovered: false} instead (keep it under the
     * outbound queue's limit). {@code tokens} verifies subscription tokens (null: none is accepted).
     */
    public static ChannelHandlers install(Vertx vertx, Gateway gateway, ChannelRegistry registry, ChannelPolicy policy,
                                          ChannelJoins joins, TokenService tokens, int maxRecovered) {
        ChannelHandlers h = new ChannelHandlers(vertx, gateway, registry, policy, joins, tokens, Math.max(1, maxRecovered));
        gateway.register(MessageTypes.SUBSCRIBE, h::subscribe);
        gateway.register(MessageTypes.UNSUBSCRIBE, h::unsubscribe);
        gateway.register(MessageTypes.PUBLISH, h::publish);
        gateway.register(MessageTypes.SUB_REFRESH, h::refresh);
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

    /**
     * Ends a session's subscription from the server's side and tells the client so with
     * {@code {"type":"unsubscribed","channel":…,"data":{"code":…}}} ({@link #UNSUBSCRIBED_BY_SERVER} for the backend's
     * unsubscribe). Returns whether the session was subscribed. Call on the session's event loop.
     */
    public boolean end(Session session, String channel, String code) {
        if (!leave(session, channel)) {
            return false;
        }
        ObjectNode frame = Json.object().put("type", MessageTypes.UNSUBSCRIBED).put("channel", channel);
        frame.putObject("data").put("code", code);
        session.send(frame);
        return true;
    }

    private Future<JsonNode> subscribe(Session session, Envelope envelope) {
        JsonFields data = JsonFields.data(envelope.data(), "channel", "recover", "token", "delta");
        ChannelName channel = channelOf(data);
        StreamPosition from = recoverFrom(data.optionalObject("recover", "epoch", "offset"));
        String token = data.optionalText("token", 1, MAX_TOKEN_CHARS);
        String deltaFormat = data.optionalText("delta", 1, 16);
        if (deltaFormat != null && !DELTA_FOSSIL.equals(deltaFormat)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "the only delta format is \"fossil\"", "data.delta");
        }
        String name = channel.toString();
        Namespace ns = policy.require(channel);
        // Refused quietly where the namespace does not allow deltas, and on a MessagePack socket (a delta's base is the
        // data's JSON text, which such a client never sees): the ack just says nothing of them.
        boolean delta = deltaFormat != null && ns.delta() && session.frameKind(name) == FrameKind.JSON;
        SubscriptionGrant grant = token == null ? null : grant(session, name, token, "data.token");
        boolean history = ns.history() != null;
        if (session.channels().contains(name)) {
            if (grant != null && expiry.holds(session, name)) {
                expiry.arm(session, name, grant.expiresAt());
            }
            return history ? registry.position(name).map(p -> position(null, p)) : Future.succeededFuture(null);
        }
        checkRoom(session);
        return policy.checkSubscribe(session.principal(), channel, grant != null)
                .compose(v -> hooks.subscribe(session, name))
                .compose(hook -> join(session, ns, name, history, from, delta, grant, hook.info())
                        .map(result -> withHookData(result, hook.data())));
    }

    /**
     * Subscribes once the rules and the hook allowed it (checking room again: several subscribes may have been waiting
     * on the authorizer or the hook at once), arms the subscription token's expiry and tells the channel's join-leave
     * listeners.
     */
    private Future<JsonNode> join(Session session, Namespace ns, String name, boolean history, StreamPosition from,
                                  boolean delta, SubscriptionGrant grant, JsonNode channelInfo) {
        checkRoom(session);
        Future<JsonNode> subscribed;
        if (!history) {
            Future<Void> done = registry.subscribe(session, name, delta);
            subscribed = from == null ? done.map(x -> (JsonNode) null)
                    : done.map(x -> (JsonNode) Json.object().put("recovered", false));
        } else if (from == null || !ns.recover()) {
            // The position is read after the subscription is in place: every later publication is delivered.
            subscribed = registry.subscribe(session, name, delta).compose(x -> registry.position(name))
                    .map(p -> position(from == null ? null : false, p));
        } else {
            subscribed = registry.subscribe(session, name, from.epoch(), from.offset(), maxRecovered, delta)
                    .map(r -> position(r.recovered(), r.position()));
        }
        if (delta) {
            subscribed = subscribed.map(ChannelHandlers::withDelta);
        }
        return subscribed.compose(answer -> {
            if (session.isClosed() || !session.channels().contains(name)) {
                return Future.succeededFuture(answer);
            }
            if (grant != null) {
                expiry.arm(session, name, grant.expiresAt());
            }
            return joins.joined(ns, name, client(session, channelInfo)).map(x -> answer);
        });
    }

    private Future<JsonNode> refresh(Session session, Envelope envelope) {
        JsonFields data = JsonFields.data(envelope.data(), "channel", "token");
        ChannelName channel = channelOf(data);
        String token = data.text("token", 1, MAX_TOKEN_CHARS);
        String name = channel.toString();
        if (!expiry.holds(session, name)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "no subscription to " + name + " made with a subscription token "
                    + "is live on this session: subscribe again", "data.channel");
        }
        SubscriptionGrant grant = grant(session, name, token, "data.token");
        expiry.arm(session, name, grant.expiresAt());
        return Future.succeededFuture(null);
    }

    /** The verified token's grant for this session and channel; {@code unauthorized} or {@code forbidden} otherwise. */
    private SubscriptionGrant grant(Session session, String channel, String token, String field) {
        if (tokens == null) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "this node verifies no subscription tokens", field);
        }
        SubscriptionGrant grant;
        try {
            grant = tokens.verifySubscription(token);
        } catch (AuthException e) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "subscription token: " + e.getMessage(), field);
        }
        if (!grant.userId().equals(session.userId())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "the subscription token is for another user", field);
        }
        if (!grant.covers(channel)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "the subscription token grants " + grant.channel() + ", not "
                    + channel, field);
        }
        return grant;
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

    /** The ack's data saying the subscription gets deltas ({@code delta: true}). */
    private static JsonNode withDelta(JsonNode answer) {
        ObjectNode out = answer instanceof ObjectNode o ? o : Json.object();
        return out.put("delta", true);
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
        leave(session, channel.toString());
        return Future.succeededFuture(null);
    }

    /** Ends the session's subscription, if it has one: out of the fan-out, its expiry and presence; announced. */
    private boolean leave(Session session, String name) {
        if (!session.channels().remove(name)) {
            return false;
        }
        registry.unsubscribe(name, session);
        expiry.cancel(session, name);
        left(session, name);
        return true;
    }

    private void left(Session session, String name) {
        Namespace ns = policy.namespaceOf(name);
        if (ns != null) {
            joins.left(ns, name, client(session));
        }
    }

    private Future<JsonNode> publish(Session session, Envelope envelope) {
        JsonFields fields = JsonFields.data(envelope.data(), "channel", "data");
        ChannelName channel = channelOf(fields);
        JsonNode data = fields.any("data");
        String name = channel.toString();
        boolean withToken = session.channels().contains(name) && expiry.holds(session, name);
        return policy.checkPublish(session.principal(), channel, withToken).compose(v -> {
            if (gateway.outboundBudget().full()) {
                gateway.metrics().publishRefused();
                return Future.failedFuture(OutboundBudget.publishRefused());
            }
            return hooks.publish(session, channel.toString(), data)
                    .compose(payload -> registry.publish(ChannelFrames.message(channel, payload)))
                    .map(x -> (JsonNode) null);
        });
    }

    private void dropAll(Session session) {
        expiry.cancelAll(session);
        for (String name : session.channels()) {
            registry.unsubscribe(name, session);
            left(session, name);
        }
        session.channels().clear();
    }

    private static ChannelClient client(Session session) {
        return client(session, null);
    }

    /** The session as presence lists it: with the subscribe hook's info on the channel, else the connect hook's. */
    private static ChannelClient client(Session session, JsonNode channelInfo) {
        return new ChannelClient(session.userId(), session.id(), channelInfo != null ? channelInfo : session.info());
    }

    private static ChannelName channelOf(JsonFields data) {
        return ChannelName.parse(data.text("channel"), data.get("channel").path());
    }
}

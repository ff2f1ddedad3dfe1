package io.switchboard.server.channel;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.broker.HistoryOptions;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The channel namespaces of a node and what their rules allow. Each namespace is declared in code with its defaults
 * (the built-in {@code public}, any authenticated user, and {@code user}, the owner only; apps declare theirs) or
 * only in the configuration ({@code namespace.<ns>.*}, see {@link NamespaceSettings}); the configuration wins over the
 * defaults. A channel in no namespace is refused. An app whose rule needs more than the options say (a membership
 * looked up in its database) adds a {@link ChannelAuthorizer}, asked after the namespace's own rule allowed.
 */
public final class ChannelPolicy {
    private final NamespaceSettings settings;
    private final Map<String, Entry> byNamespace = new ConcurrentHashMap<>();

    private record Entry(Namespace namespace, ChannelAuthorizer authorizer, boolean inCode) {
    }

    /** The built-in namespaces with their defaults, nothing configured. */
    public ChannelPolicy() {
        this(NamespaceSettings.none());
    }

    /** The built-in namespaces and those of the configuration, with the configuration over the defaults. */
    public ChannelPolicy(NamespaceSettings settings) {
        this.settings = settings;
        declare(Namespace.builder("public"));
        declare(Namespace.builder("user").subscribe(SubscribeRule.OWNER));
        for (String ns : settings.configured()) {
            byNamespace.computeIfAbsent(ns, n -> new Entry(settings.apply(Namespace.builder(n)), null, false));
        }
    }

    /** Declares a namespace with its defaults in code (the configuration's block for it wins); one owner per namespace. */
    public Namespace declare(Namespace.Builder defaults) {
        return declare(defaults, null);
    }

    /**
     * Declares a namespace with its defaults in code and an authorizer asked after its rules allowed a subscribe
     * (and a client's publish, where clients publish); one owner per namespace.
     */
    public Namespace declare(Namespace.Builder defaults, ChannelAuthorizer authorizer) {
        Namespace namespace = settings.apply(defaults);
        Entry entry = new Entry(namespace, authorizer, true);
        Entry before = byNamespace.put(namespace.name(), entry);
        if (before != null && before.inCode()) {
            byNamespace.put(namespace.name(), before);
            throw new IllegalStateException("namespace '" + namespace.name() + "' is already declared");
        }
        return namespace;
    }

    /** The namespace called {@code name}, or null when there is none. */
    public Namespace namespace(String name) {
        Entry e = byNamespace.get(name);
        return e == null ? null : e.namespace();
    }

    /** The namespace of a channel ({@code namespace:name}), or null when there is none. */
    public Namespace namespaceOf(String channel) {
        int colon = channel.indexOf(':');
        return colon <= 0 ? null : namespace(channel.substring(0, colon));
    }

    /** Every namespace, in no particular order. */
    public Collection<Namespace> namespaces() {
        return byNamespace.values().stream().map(Entry::namespace).toList();
    }

    /** The history kept for a channel ({@code namespace:name}), or null when its namespace keeps none. */
    public HistoryOptions history(String channel) {
        Namespace ns = namespaceOf(channel);
        return ns == null ? null : ns.history();
    }

    /**
     * The channel's namespace; {@code forbidden} (field {@code data.channel}) naming the rule when it has none.
     */
    public Namespace require(ChannelName channel) {
        return require(channel, "data.channel");
    }

    /** The channel's namespace; {@code forbidden} (blaming {@code field}) naming the rule when it has none. */
    public Namespace require(ChannelName channel, String field) {
        Namespace ns = namespace(channel.namespace());
        if (ns == null) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "no namespace '" + channel.namespace() + "' is configured (channel "
                    + channel + "); a channel must belong to a namespace of the configuration", field);
        }
        return ns;
    }

    /**
     * Whether the principal may subscribe to the channel: completes, or fails with {@code forbidden} naming the rule
     * that refused. {@code tokenGranted}: the client showed a valid subscription token for this channel.
     */
    public Future<Void> checkSubscribe(Principal principal, ChannelName channel, boolean tokenGranted) {
        Namespace ns;
        try {
            ns = require(channel);
        } catch (ProtocolException e) {
            return Future.failedFuture(e);
        }
        ProtocolException refused = ns.subscribe() == SubscribeRule.NONE ? closed(ns)
                : tokenGranted ? null : refusal(ns, principal, channel);
        return refused != null ? Future.failedFuture(refused) : askAuthorizer(principal, channel, ChannelAction.SUBSCRIBE);
    }

    /**
     * Whether the principal may publish to the channel from a client: completes, or fails with {@code forbidden}
     * naming the rule. {@code subscribedWithToken}: the session holds a subscription made with a token.
     */
    public Future<Void> checkPublish(Principal principal, ChannelName channel, boolean subscribedWithToken) {
        Namespace ns;
        try {
            ns = require(channel);
        } catch (ProtocolException e) {
            return Future.failedFuture(e);
        }
        if (ns.publish() == PublishRule.BACKEND) {
            return Future.failedFuture(new ProtocolException(ErrorCode.FORBIDDEN, "namespace '" + ns.name()
                    + "' takes publications from the backend only (publish=backend)", "data.channel"));
        }
        ProtocolException refused = ns.subscribe() == SubscribeRule.NONE ? closed(ns)
                : subscribedWithToken ? null : refusal(ns, principal, channel);
        return refused != null ? Future.failedFuture(refused) : askAuthorizer(principal, channel, ChannelAction.PUBLISH);
    }

    /** Whether the principal may act on the channel without a token: {@link #checkSubscribe}/{@link #checkPublish} as a yes or no. */
    public Future<Boolean> authorize(Principal principal, ChannelName channel, ChannelAction action) {
        Future<Void> check = action == ChannelAction.SUBSCRIBE ? checkSubscribe(principal, channel, false)
                : checkPublish(principal, channel, false);
        return check.transform(ar -> Future.succeededFuture(ar.succeeded()));
    }

    private Future<Void> askAuthorizer(Principal principal, ChannelName channel, ChannelAction action) {
        Entry e = byNamespace.get(channel.namespace());
        if (e == null || e.authorizer() == null) {
            return Future.succeededFuture();
        }
        return e.authorizer().authorize(principal, channel, action).compose(allowed -> allowed ? Future.<Void>succeededFuture()
                : Future.failedFuture(new ProtocolException(ErrorCode.FORBIDDEN, "not allowed on channel " + channel, "data.channel")));
    }

    private static ProtocolException closed(Namespace ns) {
        return new ProtocolException(ErrorCode.FORBIDDEN, "namespace '" + ns.name() + "' lets no client subscribe or "
                + "publish (subscribe=none)", "data.channel");
    }

    /** Why the namespace's subscribe rule refuses the principal, or null when it allows. */
    private static ProtocolException refusal(Namespace ns, Principal principal, ChannelName channel) {
        String user = principal == null ? "" : principal.userId();
        boolean signedIn = user != null && !user.isEmpty();
        switch (ns.subscribe()) {
            case ANYONE:
                return null;
            case AUTHENTICATED:
                return signedIn ? null : new ProtocolException(ErrorCode.FORBIDDEN, "namespace '" + ns.name()
                        + "' needs a signed-in user (subscribe=authenticated)", "data.channel");
            case OWNER:
                return signedIn && user.equals(owner(channel)) ? null : new ProtocolException(ErrorCode.FORBIDDEN,
                        "channel " + channel + " belongs to user " + owner(channel) + " only (namespace '" + ns.name()
                                + "': subscribe=owner)", "data.channel");
            case TOKEN:
                return new ProtocolException(ErrorCode.FORBIDDEN, "namespace '" + ns.name()
                        + "' needs a subscription token for the channel (subscribe=token)", "data.token");
            default:
                return closed(ns);
        }
    }

    /** The user a channel of an {@code owner} namespace belongs to: its name, or the name's first {@code :}-part. */
    static String owner(ChannelName channel) {
        String name = channel.name();
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }
}

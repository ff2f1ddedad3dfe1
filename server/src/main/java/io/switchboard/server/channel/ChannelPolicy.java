package io.switchboard.server.channel;

import io.switchboard.server.auth.Principal;
import io.switchboard.server.broker.HistoryOptions;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authorizers by namespace, and the history each namespace keeps. Built in: {@code public} (any authenticated
 * user) and {@code user} (only the user named), without history unless the {@code channel-history} setting gives
 * one. Apps add their own namespaces with {@link #register}.
 */
public final class ChannelPolicy {
    private final Map<String, ChannelAuthorizer> byNamespace = new ConcurrentHashMap<>();
    private final Map<String, HistoryOptions> history = new ConcurrentHashMap<>();
    private final Map<String, HistoryOptions> configured;

    /** A policy with the built-in namespaces and no history. */
    public ChannelPolicy() {
        this(Map.of());
    }

    /**
     * A policy with the built-in namespaces and the configured history per namespace (the {@code channel-history}
     * setting), which wins over what an app registers.
     */
    public ChannelPolicy(Map<String, HistoryOptions> configured) {
        this.configured = Map.copyOf(configured);
        byNamespace.put("public", ChannelAuthorizer.allowAll());
        byNamespace.put("user", ChannelAuthorizer.ownerOnly());
        history.putAll(this.configured);
    }

    /** Registers the authorizer for a namespace; a namespace has one owner. */
    public void register(String namespace, ChannelAuthorizer authorizer) {
        if (byNamespace.putIfAbsent(namespace, authorizer) != null) {
            throw new IllegalStateException("namespace '" + namespace + "' already has an authorizer");
        }
    }

    /**
     * Registers the authorizer for a namespace whose channels keep a bounded history, so that subscribers can
     * recover what they missed; the {@code channel-history} setting, when it names the namespace, wins.
     */
    public void register(String namespace, ChannelAuthorizer authorizer, HistoryOptions keep) {
        register(namespace, authorizer);
        history.putIfAbsent(namespace, keep);
    }

    /** The history kept for a channel ({@code namespace:name}), or null when its namespace keeps none. */
    public HistoryOptions history(String channel) {
        int colon = channel.indexOf(':');
        return colon <= 0 ? null : history.get(channel.substring(0, colon));
    }

    /** Whether the principal may act on the channel; false for a namespace nobody registered. */
    public Future<Boolean> authorize(Principal principal, ChannelName channel, ChannelAction action) {
        ChannelAuthorizer authorizer = byNamespace.get(channel.namespace());
        if (authorizer == null) {
            return Future.succeededFuture(false);
        }
        return authorizer.authorize(principal, channel, action);
    }
}

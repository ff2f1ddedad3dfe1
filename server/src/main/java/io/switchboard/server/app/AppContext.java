package io.switchboard.server.app;

import io.switchboard.server.auth.TokenService;
import io.switchboard.server.broker.Broker;
import io.switchboard.server.channel.ChannelPolicy;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.config.Settings;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.inbox.Inbox;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.presence.Presence;
import io.switchboard.server.store.Database;
import io.switchboard.server.transport.WebSocketRoutes;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * What the engine hands an app when it mounts.
 *
 * @param vertx      the Vert.x instance
 * @param settings   the node's settings
 * @param router     the HTTP router (JSON errors and CORS already installed)
 * @param sockets    the WebSocket routes, to add endpoints
 * @param gateway    message handlers and session listeners
 * @param channels   the channel registry, to publish
 * @param policy     channel authorizers by namespace
 * @param database   the relational store
 * @param broker     the node's broker
 * @param tokens     token issuing and verification
 * @param metrics    the meters
 * @param inbox      durable per-user events: {@code inbox().emit(userId, type, data)}
 * @param presence   who is online, and transitions
 */
public record AppContext(
        Vertx vertx,
        Settings settings,
        Router router,
        WebSocketRoutes sockets,
        Gateway gateway,
        ChannelRegistry channels,
        ChannelPolicy policy,
        Database database,
        Broker broker,
        TokenService tokens,
        Metrics metrics,
        Inbox inbox,
        Presence presence) {

    /** A context without an inbox or presence, for an app mounted by hand (in a test) that does not use one. */
    public AppContext(Vertx vertx, Settings settings, Router router, WebSocketRoutes sockets, Gateway gateway,
                      ChannelRegistry channels, ChannelPolicy policy, Database database, Broker broker, TokenService tokens,
                      Metrics metrics) {
        this(vertx, settings, router, sockets, gateway, channels, policy, database, broker, tokens, metrics, null, null);
    }
}

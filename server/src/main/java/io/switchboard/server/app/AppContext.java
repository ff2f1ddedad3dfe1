package io.switchboard.server.app;

import io.switchboard.server.auth.TokenService;
import io.switchboard.server.channel.ChannelPolicy;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.config.SettingValues;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.http.ApiKeys;
import io.switchboard.server.http.BearerAuth;
import io.switchboard.server.inbox.Inbox;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.presence.Presence;
import io.switchboard.server.socketio.SocketIoServer;
import io.switchboard.server.store.Database;
import io.switchboard.server.transport.WebSocketRoutes;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * What the engine hands an app when it mounts. Every part is there: an app that does not use one ignores it.
 *
 * @param vertx    the Vert.x instance
 * @param settings the node's raw settings, from which the app reads the keys it {@link SwitchboardApp#settingKeys declares}
 * @param web      the router and WebSocket routes to mount on
 * @param gateway  message handlers, session listeners and the connection limits
 * @param channels the channel registry, to publish
 * @param policy   channel authorizers by namespace
 * @param database the relational store
 * @param tokens   token issuing and verification
 * @param metrics  the meters
 * @param inbox    durable per-user events: {@code inbox().emit(userId, type, data)}
 * @param presence who is online, and transitions
 * @param socketIo the Socket.IO server, to add the events an app's Socket.IO clients send
 * @param services what the apps installed before this one provide
 * @param apiKeys  the backend's API key, which acts as an admin where an app accepts it (see {@link BearerAuth})
 */
public record AppContext(
        Vertx vertx,
        SettingValues settings,
        WebMounts web,
        Gateway gateway,
        ChannelRegistry channels,
        ChannelPolicy policy,
        Database database,
        TokenService tokens,
        Metrics metrics,
        Inbox inbox,
        Presence presence,
        SocketIoServer socketIo,
        AppServices services,
        ApiKeys apiKeys) {

    /** The HTTP router. */
    public Router router() {
        return web.router();
    }

    /** The WebSocket routes. */
    public WebSocketRoutes sockets() {
        return web.sockets();
    }

    /** This context with other WebSocket routes: an app that wraps another and mounts its sockets elsewhere, or not at all. */
    public AppContext withSockets(WebSocketRoutes sockets) {
        return new AppContext(vertx, settings, new WebMounts(web.router(), sockets, web.proxies()), gateway, channels, policy,
                database, tokens, metrics, inbox, presence, socketIo, services, apiKeys);
    }
}

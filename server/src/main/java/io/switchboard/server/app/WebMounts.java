package io.switchboard.server.app;

import io.switchboard.server.transport.TrustedProxies;
import io.switchboard.server.transport.WebSocketRoutes;
import io.vertx.ext.web.Router;

/**
 * Where an app serves HTTP and WebSockets.
 *
 * @param router  the HTTP router (JSON errors, CORS, body limits and the REST write rate already installed)
 * @param sockets the WebSocket routes, to add endpoints
 * @param proxies the proxies whose {@code X-Forwarded-For} names a client, for an app that limits per address
 */
public record WebMounts(Router router, WebSocketRoutes sockets, TrustedProxies proxies) {
}

package io.switchboard.server.serverapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.channel.ChannelPolicy;
import io.switchboard.server.channel.ChannelReads;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.cluster.ClusterChannels;
import io.switchboard.server.cluster.ClusterInfo;
import io.switchboard.server.cluster.ClusterUsers;
import io.switchboard.server.control.NodeControl;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.gateway.UserSessions;
import io.switchboard.server.http.ApiKeys;
import io.switchboard.server.http.HttpErrors;
import io.switchboard.server.http.JsonBodies;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.cluster.SubscriberPresence;
import io.switchboard.server.socketio.SocketIoServer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/<method>} with the API key and a JSON object of the method's parameters; answers 200
 * {@code {"result": {...}}}, or the project's error body with its status. {@code POST /api/publish} keeps its own
 * route ({@code http.PublishRoute}, 202, idempotency keys); in a batch, {@code publish} is one of the methods. A
 * {@code POST /api/<name>} with an API key and a name no route knows answers 404 {@code unknown_method}.
 */
public final class ServerApiRoutes {
    private final ServerApi api;
    private final ApiKeys keys;

    private ServerApiRoutes(ServerApi api, ApiKeys keys) {
        this.api = api;
        this.keys = keys;
    }

    /**
     * Builds the engine's cross-node parts on this node's {@code control}, and mounts the methods' routes. Call before
     * the node opens any session (the user index follows every session from the first). Returns the routes, whose
     * {@link #call} other consoles of this node (the admin console) reuse.
     */
    public static ServerApiRoutes mount(Router router, ApiKeys keys, NodeControl control, ChannelRegistry channels,
                                        ChannelPolicy policy, ChannelReads reads, Gateway gateway, SocketIoServer socketIo,
                                        Metrics metrics) {
        UserSessions sessions = UserSessions.follow(gateway, channels);
        ServerApi api = new ServerApi();
        new PublishMethods(channels, policy, gateway.outboundBudget(), metrics).addTo(api);
        new PresenceMethods(SubscriberPresence.install(control, channels)).addTo(api);
        new HistoryMethods(reads).addTo(api);
        new NodeMethods(ClusterChannels.install(control, channels),
                ClusterInfo.install(control, gateway, sessions, channels, System.currentTimeMillis())).addTo(api);
        new UserMethods(ClusterUsers.install(control, sessions, socketIo)).addTo(api);
        new BatchMethod(api).addTo(api);
        ServerApiRoutes routes = new ServerApiRoutes(api, keys);
        for (String name : api.names()) {
            if (!name.equals("publish")) {
                router.post("/api/" + name).handler(ctx -> routes.handle(ctx, name));
            }
        }
        // After every other route, the apps' included: only a backend call (it carries a key) to no route is ours.
        // A backend call (it carries a key) to a method no route serves: unknown_method, from the router's 404 answer
        // rather than a catch-all route, which would turn other methods on unserved /api paths into 405s.
        router.errorHandler(404, routes::unknownOrNotFound);
        return routes;
    }

    /** Calls a method as {@code POST /api/<name>} does, after the caller checked its own credential. */
    public Future<JsonNode> call(String name, ObjectNode params) {
        return api.call(name, params, "", null);
    }

    /**
     * Answers a request as {@code POST /api/<name>} does, with the request's JSON body as the parameters: {@code
     * {"result": ...}} or the error. The caller checked its own credential.
     */
    public void answer(RoutingContext ctx, String name) {
        ObjectNode params = JsonBodies.object(ctx);
        api.call(name, params, "", null).onComplete(ar -> {
            if (ar.succeeded()) {
                ObjectNode out = Json.object();
                out.set("result", ar.result());
                JsonBodies.send(ctx, 200, out);
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    private void handle(RoutingContext ctx, String name) {
        keys.require(ctx);
        answer(ctx, name);
    }

    private void unknownOrNotFound(RoutingContext ctx) {
        String path = ctx.request().path();
        String name = path.startsWith("/api/") ? path.substring(5).replaceFirst("/$", "") : "";
        if (ctx.request().method() != HttpMethod.POST || name.isEmpty() || name.contains("/") || !ApiKeys.present(ctx)) {
            HttpErrors.notFound(ctx);
            return;
        }
        ProtocolException refusal;
        try {
            keys.require(ctx);
            refusal = api.unknown(name, null);
        } catch (ProtocolException e) {
            refusal = e;
        }
        HttpErrors.send(ctx, refusal.code(), refusal.getMessage(), refusal.field());
    }
}

package io.switchboard.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.protocol.MessageTypes;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.gateway.ChannelHandlers;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.gateway.Session;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;

/**
 * The node's backend hooks: connect, refresh, subscribe, publish and RPC, each a POST of JSON to a URL of
 * {@link HookSettings}, sharing one {@link HookClient} (its in-flight bound is the node's). Built once per node:
 * {@link #create}, {@link #install} on the gateway, {@link #connect} from the {@code /ws} endpoint, {@link #close}.
 */
public final class Hooks {
    private final HookSettings settings;
    private final HookClient client;
    private final ConnectHook connect;

    private Hooks(HookSettings settings, HookClient client) {
        this.settings = settings;
        this.client = client;
        this.connect = settings.connectUrl() == null ? null : new ConnectHook(client, settings.connectUrl());
    }

    /** The hooks of {@code settings}; {@code namespaces} says which namespaces use the subscribe and publish hooks. */
    public static Hooks create(Vertx vertx, HookSettings settings, MeterRegistry registry) {
        return new Hooks(settings, new HookClient(vertx, settings.timeout(), settings.maxInFlight(), registry));
    }

    /**
     * Registers the {@code rpc} command on the gateway's {@code /ws} handlers, the subscribe and publish hooks on the
     * channel handlers (for the namespaces {@code namespaces} names) and the refresh hook on expiring sessions.
     */
    public void install(Gateway gateway, ChannelHandlers channels, HookedNamespaces namespaces) {
        gateway.register(MessageTypes.RPC, new RpcHook(client, settings.rpcUrl()));
        if (settings.subscribeUrl() != null || settings.publishUrl() != null) {
            channels.hooks(new ChannelHooksCall(client, settings.subscribeUrl(), settings.publishUrl(), namespaces));
        }
        if (settings.refreshUrl() != null) {
            gateway.expiryRefresher(new RefreshHook(client, settings.refreshUrl()));
        }
    }

    /** Whether a connect hook is configured: a client without a token is then asked about, not refused. */
    public boolean connectHook() {
        return connect != null;
    }

    /**
     * Whether {@code /ws} has anything to do before a session opens: ask the connect hook, or keep the headers the
     * later hooks get. When not, a session costs nothing more than without hooks.
     */
    public boolean onConnect() {
        return connect != null || !settings.headers().isEmpty();
    }

    /** The handshake headers passed on to the hooks ({@code hook-headers}). */
    public ClientHeaders headers(MultiMap handshake) {
        return ClientHeaders.pick(handshake::getAll, settings.headers());
    }

    /** As {@link #headers(MultiMap)}, from a handshake read header by header (every value of one name). */
    public ClientHeaders headers(java.util.function.Function<String, java.util.List<String>> handshake) {
        return ClientHeaders.pick(handshake, settings.headers());
    }

    /**
     * Whether the client may connect, and as whom: {@code token} is the principal its token proved, or null when it
     * sent none. Without a connect hook, the token's principal as it is. Fails with {@link ConnectRefused}, whose code
     * the socket is closed with. Completes on the caller's event loop.
     */
    public Future<ConnectGrant> connect(String sessionId, Principal token, ClientHeaders headers, ClientWire wire) {
        if (connect == null) {
            return Future.succeededFuture(new ConnectGrant(token, null, headers, false));
        }
        return connect.connect(sessionId, token, headers, wire);
    }

    /** Keeps what the grant says on the new session, before {@code connection_established} is sent. */
    public static void attach(Session session, ConnectGrant grant) {
        if (!grant.headers().values().isEmpty()) {
            session.put(HookRequest.HEADERS, grant.headers());
        }
        if (grant.info() != null) {
            session.info(grant.info());
        }
        if (grant.refreshable()) {
            session.put(RefreshHook.REFRESHABLE, true);
        }
    }

    /**
     * The result of an answer that allows; an {@code error} answer throws its {@link HookRefusal}, a {@code disconnect}
     * closes the session with its code (and throws, though no reply reaches a closing session).
     */
    static ObjectNode allowed(Session session, HookAnswer answer) {
        if (answer.disconnect() != null) {
            session.close(answer.disconnect().code(), answer.disconnect().reason());
            throw new HookRefusal("disconnected", answer.disconnect().reason(), false);
        }
        if (answer.refusal() != null) {
            throw answer.refusal();
        }
        return answer.result();
    }

    /** Closes the connection pool. */
    public Future<Void> close() {
        return client.close();
    }
}

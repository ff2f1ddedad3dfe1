package io.switchboard.server;

import io.switchboard.server.auth.JwksKeys;
import io.switchboard.server.auth.SigningKey;
import io.switchboard.server.auth.VerificationKeys;
import io.switchboard.server.auth.TokenService;
import io.switchboard.server.gateway.ChannelHandlers;
import io.switchboard.server.channel.ChannelJoins;
import io.switchboard.server.channel.ChannelPolicy;
import io.switchboard.server.channel.Namespace;
import io.switchboard.server.channel.ChannelReads;
import io.switchboard.server.gateway.ChannelQueryHandlers;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.hooks.HookSettings;
import io.switchboard.server.hooks.HookedNamespaces;
import io.switchboard.server.hooks.Hooks;
import io.switchboard.server.idempotency.IdempotencyKeys;
import io.switchboard.server.inbox.Inbox;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.socketio.SocketIoServer;
import io.switchboard.server.store.Database;
import io.switchboard.server.store.NodeIdentity;
import io.vertx.core.Vertx;
import io.switchboard.server.files.PrivateFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's parts of a node, before it serves anything: keys, the database, the backplane, channels, the
 * gateway and the inbox, wired to each other.
 *
 * @param tokens          token issuing and verification with the node's key
 * @param apiKey          the key for backend calls, or null when none is configured
 * @param database        the relational store
 * @param instanceId      the database's stable id, created on first start
 * @param nodeId          this process's id among the nodes
 * @param backplane       broker, presence and user-event notices: memory or Redis
 * @param policy          channel authorizers by namespace
 * @param channels        the channel registry
 * @param gateway         sessions, message handlers and limits
 * @param channelHandlers the subscribe, unsubscribe, publish and sub_refresh handlers of {@code /ws}
 * @param channelReads    presence and history of channels, for the socket and the server API
 * @param inbox           durable per-user events
 * @param idempotency     the idempotency keys of backend writes
 * @param socketIo        the Socket.IO server (its routes are mounted with the node's)
 * @param hooks           the backend's hooks
 */
record Engine(
        TokenService tokens,
        String apiKey,
        Database database,
        String instanceId,
        String nodeId,
        Backplane backplane,
        ChannelPolicy policy,
        ChannelRegistry channels,
        Gateway gateway,
        ChannelHandlers channelHandlers,
        ChannelReads channelReads,
        Inbox inbox,
        IdempotencyKeys idempotency,
        SocketIoServer socketIo,
        Hooks hooks) {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** Builds the parts; each that holds resources goes into {@code closer}. Blocks: opens the database and connects. */
    static Engine open(Vertx vertx, Settings settings, Metrics metrics, int lanes, Closer closer,
                       java.util.function.Supplier<Boolean> shuttingDown) {
        // Production without a secret verifies only the identity provider's tokens (and issues none).
        byte[] secret = settings.jwtSecret() != null || settings.devMode()
                ? SigningKey.resolve(settings.jwtSecret(), settings.dataDir()) : null;
        VerificationKeys providerKeys = settings.auth().open();
        if (providerKeys instanceof JwksKeys jwks) {
            closer.add(jwks, JwksKeys::close);
        }
        TokenService tokens = new TokenService(secret, providerKeys, settings.auth().issuer(), settings.auth().audience(),
                Clock.systemUTC());
        String apiKey = settings.apiKey() != null ? settings.apiKey()
                : settings.devMode() ? SigningKey.readOrCreate(settings.dataDir().resolve("api-key"), 24) : null;
        Database database = closer.add(Database.open(vertx, settings.database(), metrics.registry()), Database::close);
        warnAboutOpenFiles(settings);
        String instanceId = NodeIdentity.load(database.dataSource());
        String nodeId = settings.redis().nodeId() != null ? settings.redis().nodeId() : UUID.randomUUID().toString().substring(0, 13);
        ChannelPolicy policy = new ChannelPolicy(settings.namespaces());
        Backplane backplane = closer.add(Backplane.create(vertx, settings.redis(), nodeId, policy, lanes), Backplane::close);
        ChannelRegistry channels = new ChannelRegistry(backplane.broker(), metrics);
        Gateway gateway = new Gateway(vertx, settings.gateway(), metrics, tokens);
        int queue = settings.gateway().outboundQueueFrames();
        // A recovery sends its publications at once: keep them well under the outbound queue's limit.
        ChannelJoins joins = new ChannelJoins(backplane.channelPresence(), channels);
        ChannelHandlers channelHandlers = ChannelHandlers.install(vertx, gateway, channels, policy, joins, tokens,
                Math.max(1, queue / 2));
        ChannelReads channelReads = new ChannelReads(policy, backplane.channelPresence(), channels.history());
        ChannelQueryHandlers.install(gateway, policy, channelReads);
        Inbox inbox = closer.add(Inbox.create(vertx, settings.inbox(), queue, database, metrics, backplane.notifier()), Inbox::stop);
        gateway.onSessionOpen(s -> backplane.presence().sessionOpened(s.userId(), s.id()));
        gateway.onSessionClose(s -> backplane.presence().sessionClosed(s.userId(), s.id()));
        HookSettings hookSettings = settings.hooks();
        Hooks hooks = closer.add(Hooks.create(vertx, hookSettings, metrics.registry()), h -> h.close().await());
        // The namespaces' subscribe-hook and publish-hook flags, for now from the two hook-*-namespaces lists.
        hooks.install(gateway, channelHandlers,
                hookedNamespaces(policy));
        IdempotencyKeys idempotency = new IdempotencyKeys(database);
        idempotency.start(vertx);
        closer.add(idempotency, k -> k.stop(vertx));
        SocketIoServer socketIo = SocketIoServer.create(vertx, settings.socketIo(), tokens, channels, policy, inbox,
                backplane.presence(), metrics, settings.gateway(), gateway.outboundBudget(), gateway::writer, shuttingDown);
        return new Engine(tokens, apiKey, database, instanceId, nodeId, backplane, policy, channels, gateway, channelHandlers, channelReads, inbox,
                idempotency, socketIo, hooks);
    }

    /** The data directory, the database and the keys should be the node's user's alone; says so for each that is not. */
    private static void warnAboutOpenFiles(Settings settings) {
        Path dir = settings.dataDir();
        List<Path> paths = new ArrayList<>(List.of(dir, dir.resolve(SigningKey.FILE_NAME), dir.resolve("api-key"),
                dir.resolve(io.switchboard.server.admin.AdminCredential.FILE_NAME)));
        Path db = settings.database().sqliteFile();
        if (db != null) {
            paths.addAll(List.of(db.getParent(), db, Path.of(db + "-wal"), Path.of(db + "-shm")));
        }
        PrivateFiles.openToOthers(paths.stream().distinct().toList()).forEach(line -> LOG.warn("{}", line));
    }

    /** The namespaces' {@code subscribe-hook} and {@code publish-hook} flags, as the hooks read them. */
    private static HookedNamespaces hookedNamespaces(ChannelPolicy policy) {
        return new HookedNamespaces() {
            @Override
            public boolean subscribeHook(String namespace) {
                Namespace ns = policy.namespace(namespace);
                return ns != null && ns.subscribeHook();
            }

            @Override
            public boolean publishHook(String namespace) {
                Namespace ns = policy.namespace(namespace);
                return ns != null && ns.publishHook();
            }
        };
    }
}

package io.switchboard.server;

import io.switchboard.server.admin.AdminSettings;
import io.switchboard.server.auth.AuthSettings;
import io.switchboard.server.broker.HistoryOptions;
import io.switchboard.server.channel.Namespace;
import io.switchboard.server.channel.NamespaceSettings;
import io.switchboard.server.redis.RedisSettings;
import io.switchboard.server.socketio.SocketIoSettings;
import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import io.switchboard.server.gateway.GatewayLimits;
import io.switchboard.server.hooks.HookSettings;
import io.switchboard.server.http.RestLimits;
import io.switchboard.server.inbox.InboxSettings;
import io.switchboard.server.logs.LogSettings;
import io.switchboard.server.store.DatabaseSettings;
import io.switchboard.server.stream.StreamSettings;
import io.switchboard.server.transport.ServerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engine's settings, validated: the node's own and one record per part that reads them. Apps read theirs
 * from the same {@link SettingValues} through their context.
 *
 * @param dataDir        where the SQLite file, the development signing key and API key live
 * @param devMode        development mode: generated keys, localhost origins allowed, the dev token endpoint
 * @param jwtSecret      HS256 secret (at least 32 bytes); null means the key file under {@code dataDir}
 * @param apiKey         key for backend calls such as {@code POST /api/publish}; null means generated in dev mode
 * @param shutdownGrace  how long shutdown waits for in-flight work
 * @param channelHistory history kept per channel namespace ({@code public=100/10m}); empty means none
 * @param namespaces     the channel namespaces of the configuration ({@code namespace.<ns>.*}), {@code channel-history} folded in
 * @param server         where and how the node listens
 * @param rest           the REST write rate
 * @param gateway        the limits of each connection and of the node's sessions
 * @param database       the database
 * @param inbox          redelivery and retention of user events
 * @param redis          the Redis shared by the nodes, or none
 * @param apps           the names of the installed apps to mount; null means every installed app (development
 *                       mode only: production needs the list)
 * @param metricsToken   the bearer token {@code /metrics} requires; null leaves it open
 * @param auth           an identity provider's keys (RS256/ES256), its issuer and audience
 * @param socketIo       the Socket.IO endpoint
 * @param logs           the log's format and level, and the HTTP access log
 * @param hooks          the backend's hooks (connect, refresh, subscribe, publish, rpc)
 * @param admin          the admin console: whether it is served, and its password
 * @param streams        the SSE and HTTP-streaming transports: their heartbeat
 */
public record Settings(
        Path dataDir,
        boolean devMode,
        String jwtSecret,
        String apiKey,
        Duration shutdownGrace,
        Map<String, HistoryOptions> channelHistory,
        NamespaceSettings namespaces,
        ServerSettings server,
        RestLimits rest,
        GatewayLimits gateway,
        DatabaseSettings database,
        InboxSettings inbox,
        RedisSettings redis,
        List<String> apps,
        String metricsToken,
        AuthSettings auth,
        SocketIoSettings socketIo,
        LogSettings logs,
        HookSettings hooks,
        AdminSettings admin,
        StreamSettings streams) {

    /** The node's own settings, read by this record. */
    private static final List<SettingKey> OWN = List.of(
            new SettingKey("data-dir", "./data", "directory of the SQLite file and the generated signing key and API key; created 0700, its files 0600"),
            new SettingKey("dev", "true", "development mode: generated keys, localhost pages allowed, the demos and GET /api/dev/token; false in production, which then needs jwt-secret and apps"),
            new SettingKey("jwt-secret", null, "HS256 secret of at least 32 bytes shared by every node; unset: a key file in data-dir (development mode only)"),
            new SettingKey("api-key", null, "key for backend calls (X-Api-Key), at least 16 characters; unset: generated in development mode, none in production"),
            new SettingKey("shutdown-grace", "10s", "how long shutdown waits for work in flight"),
            new SettingKey("channel-history", null, "history kept per channel namespace for recovery, as size/age per namespace, e.g. public=100/10m,user=50/1h (shorthand for namespace.<ns>.history-size and history-ttl, which win); unset: none"),
            new SettingKey("apps", null, "the apps to run, comma-separated, or none; unset: every installed app in development mode (production requires the list)"),
            new SettingKey("metrics-token", null, "bearer token GET /metrics requires (at least 16 characters); unset: /metrics is open"));

    /** Every setting the engine reads, with its default and meaning: the node's own and its parts'. */
    public static final List<SettingKey> DECLARED = concat(OWN, AuthSettings.DECLARED, ServerSettings.DECLARED,
            RestLimits.DECLARED, GatewayLimits.DECLARED, DatabaseSettings.DECLARED, InboxSettings.DECLARED,
            RedisSettings.DECLARED, SocketIoSettings.DECLARED, LogSettings.DECLARED, HookSettings.DECLARED,
            AdminSettings.DECLARED, StreamSettings.DECLARED);

    /** The engine's setting names, as written in the config file; {@code SWITCHBOARD_} plus upper snake case in the environment. */
    public static final List<String> KEYS = SettingKey.names(DECLARED);

    /** The settings whose names hold a part (the namespace options, {@code namespace.<ns>.subscribe}). */
    public static final List<SettingKey> PATTERNS = NamespaceSettings.DECLARED;

    /** Every name the engine accepts: its {@link #KEYS} and its {@link #PATTERNS}, whose parts stand for a name. */
    public static final List<String> ACCEPTED = concatNames(KEYS, SettingKey.names(PATTERNS));

    /**
     * Validates raw values that must all be the engine's (no app's keys); throws {@link InvalidSettingException}
     * naming the first bad or unknown one.
     */
    public static Settings from(Map<String, String> raw) {
        return from(SettingValues.of(raw).requireKnown(ACCEPTED));
    }

    /**
     * Reads and validates the engine's keys, leaving any other to the apps (the node checks that each is known);
     * throws {@link InvalidSettingException} naming the first bad one.
     */
    public static Settings from(SettingValues v) {
        Path dataDir = v.path("data-dir", "./data");
        DatabaseSettings database = DatabaseSettings.from(v, dataDir);
        String secret = v.string("jwt-secret", null);
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new InvalidSettingException("jwt-secret", "must be at least 32 bytes for HS256");
        }
        String apiKey = v.string("api-key", null);
        if (apiKey != null && apiKey.length() < 16) {
            throw new InvalidSettingException("api-key", "must be at least 16 characters");
        }
        boolean dev = v.bool("dev", true);
        AuthSettings auth = AuthSettings.from(v);
        if (!dev && secret == null && !auth.external()) {
            // A generated key differs per node and per data dir: tokens would be refused by every other node.
            throw new InvalidSettingException("jwt-secret", "must be set in production (dev=false): an HS256 secret of at "
                    + "least 32 bytes shared by every node, e.g. SWITCHBOARD_JWT_SECRET=$(openssl rand -base64 48) "
                    + "(or jwt-jwks-url / jwt-public-key for an identity provider's tokens)");
        }
        String metricsToken = v.string("metrics-token", null);
        if (metricsToken != null && metricsToken.length() < 16) {
            throw new InvalidSettingException("metrics-token", "must be at least 16 characters");
        }
        ServerSettings server = ServerSettings.from(v);
        GatewayLimits gateway = GatewayLimits.from(v);
        Map<String, HistoryOptions> channelHistory = channelHistory(v.string("channel-history", ""));
        NamespaceSettings namespaces = NamespaceSettings.from(v, channelHistory);
        HookSettings hooks = HookSettings.from(v);
        checkHookedNamespaces(namespaces, hooks);
        StreamSettings streams = StreamSettings.from(v, gateway);
        return new Settings(dataDir, dev, secret, apiKey,
                v.duration("shutdown-grace", Duration.ofSeconds(10), Duration.ZERO), channelHistory,
                namespaces, server, RestLimits.from(v), gateway, database, InboxSettings.from(v), RedisSettings.from(v), apps(v),
                metricsToken, auth, SocketIoSettings.from(v), LogSettings.from(v), hooks, AdminSettings.from(v, dev), streams);
    }

    /** A namespace that asks a hook needs that hook's URL. */
    private static void checkHookedNamespaces(NamespaceSettings namespaces, HookSettings hooks) {
        for (String name : namespaces.configured()) {
            Namespace ns = namespaces.apply(Namespace.builder(name));
            if (ns.subscribeHook() && hooks.subscribeUrl() == null) {
                throw new InvalidSettingException("namespace." + name + ".subscribe-hook", "needs hook-subscribe-url, the hook to ask");
            }
            if (ns.publishHook() && hooks.publishUrl() == null) {
                throw new InvalidSettingException("namespace." + name + ".publish-hook", "needs hook-publish-url, the hook to ask");
            }
        }
    }

    /** The {@code apps} list: null when absent, empty for {@code none}. */
    private static List<String> apps(SettingValues v) {
        List<String> names = v.list("apps");
        if (names.isEmpty()) {
            return null;
        }
        if (names.equals(List.of("none"))) {
            return List.of();
        }
        if (names.contains("none")) {
            throw new InvalidSettingException("apps", "none cannot be combined with app names");
        }
        return List.copyOf(new java.util.LinkedHashSet<>(names));
    }

    private static Map<String, HistoryOptions> channelHistory(String spec) {
        try {
            return HistoryOptions.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("channel-history", e.getMessage());
        }
    }

    private static List<String> concatNames(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    @SafeVarargs
    private static List<SettingKey> concat(List<SettingKey>... lists) {
        List<SettingKey> all = new ArrayList<>();
        for (List<SettingKey> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }
}

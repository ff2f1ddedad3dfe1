package io.switchboard.server.config;

import io.switchboard.server.auth.PasswordHasher;
import io.switchboard.server.broker.HistoryOptions;
import io.switchboard.server.redis.RedisAddress;
import io.switchboard.server.redis.RedisKeys;
import io.switchboard.server.transport.TrustedProxies;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a node, validated. Built by {@link SettingsLoader} from the config file, the
 * {@code SWITCHBOARD_*} environment and command-line flags (flags win, then the environment, then the file).
 *
 * @param host                 interface to listen on
 * @param port                 TCP port; 0 picks a free one
 * @param dataDir              where the SQLite file, the development signing key and API key live
 * @param databaseUrl          JDBC URL; SQLite under {@code dataDir} by default, {@code jdbc:postgresql:} for PostgreSQL
 * @param databaseUser         database user (PostgreSQL), may be null
 * @param databasePassword     database password (PostgreSQL), may be null
 * @param databaseTimeout      how long a request waits for a database connection (on PostgreSQL also to connect)
 *                             before it is refused with {@code unavailable}
 * @param devMode              development mode: generated keys, localhost origins allowed, the dev token endpoint
 * @param jwtSecret            HS256 secret (at least 32 bytes); null means the key file under {@code dataDir}
 * @param apiKey               key for backend calls such as {@code POST /api/publish}; null means generated in dev mode
 * @param allowedOrigins       browser origins allowed to open sockets and call the API
 * @param maxFrameBytes        largest client frame handled; larger ones get a {@code too_large} error
 * @param outboundQueueFrames  frames a session may have unwritten before it is closed as a slow consumer
 * @param rateLimitPerSecond   messages per second a connection may send, sustained
 * @param rateLimitBurst       messages a connection may send at once
 * @param maxConnections       sessions per node
 * @param maxConnectionsPerUser sessions per user on this node
 * @param pingInterval         how often the server pings each socket
 * @param idleTimeout          a socket silent for this long is closed with 4200
 * @param shutdownGrace        how long shutdown waits for in-flight work
 * @param ingestRetention      device telemetry older than this is deleted by the daily prune
 * @param ingestAuthTimeout    how long {@code /ws/ingest-auth/} waits for the {@code auth} message
 * @param inboxRedeliverAfter  a user event pushed but not acked for this long is pushed again
 * @param inboxRetention       user events are kept this long after they were due, delivered or not
 * @param channelHistory       history kept per channel namespace ({@code public=100/10m}); empty means none
 * @param assistantUrl         base URL of an OpenAI-compatible API for the assistant app; null means the offline responder
 * @param assistantKey         the bearer key sent to {@code assistantUrl}, may be null
 * @param assistantModel       the model named in each chat-completions request
 * @param accessTokenTtl       lifetime of the access tokens the accounts app issues
 * @param refreshTokenTtl      lifetime of the refresh tokens the accounts app issues
 * @param passwordIterations   PBKDF2 iterations of new password hashes
 * @param loginAttemptsPerMinute login attempts allowed per client IP and per username (register: per IP), per minute
 * @param connectRatePerIp     WebSocket handshake attempts per second per client address, sustained
 * @param connectBurstPerIp    WebSocket handshake attempts a client address may make at once
 * @param trustedProxies       proxies (addresses or CIDR ranges) whose {@code X-Forwarded-For} names the client
 * @param restWriteRate        REST writes (POST, PUT, PATCH, DELETE under {@code /api/}) per second per user, sustained
 * @param restWriteBurst       REST writes a user may make at once
 * @param tlsCert              PEM certificate chain to serve HTTPS and WSS with; null (with {@code tlsKey}) for plain
 * @param tlsKey               PEM private key of {@code tlsCert}, unencrypted; null (with {@code tlsCert}) for plain
 * @param redis                {@code redis://[user:password@]host[:port][/db]} of the Redis that nodes share channels
 *                             and channel history through, or {@code redis-sentinel://} / {@code redis-cluster://}
 *                             (see {@link RedisAddress}); null for one node with both in memory
 * @param redisPrefix          what every Redis key and topic of this deployment starts with, so that several share a Redis
 * @param nodeId               this process's name among the nodes (Redis presence, connection names); null for a random
 *                             one at each start. Unique per running process
 * @param presenceTtl          with {@code redis}: how long a node's presence outlives its last renewal, so a node that
 *                             dies takes its users offline within this plus a third of it
 */
public record Settings(
        String host,
        int port,
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        Duration databaseTimeout,
        boolean devMode,
        String jwtSecret,
        String apiKey,
        List<String> allowedOrigins,
        int maxFrameBytes,
        int outboundQueueFrames,
        int rateLimitPerSecond,
        int rateLimitBurst,
        int maxConnections,
        int maxConnectionsPerUser,
        Duration pingInterval,
        Duration idleTimeout,
        Duration shutdownGrace,
        Duration ingestRetention,
        Duration ingestAuthTimeout,
        Duration inboxRedeliverAfter,
        Duration inboxRetention,
        Map<String, HistoryOptions> channelHistory,
        String assistantUrl,
        String assistantKey,
        String assistantModel,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        int passwordIterations,
        int loginAttemptsPerMinute,
        int connectRatePerIp,
        int connectBurstPerIp,
        List<String> trustedProxies,
        int restWriteRate,
        int restWriteBurst,
        Path tlsCert,
        Path tlsKey,
        String redis,
        String redisPrefix,
        String nodeId,
        Duration presenceTtl) {

    /** The setting names, as written in the config file; {@code SWITCHBOARD_} plus upper snake case in the environment. */
    public static final List<String> KEYS = List.of(
            "host", "port", "data-dir", "database-url", "database-user", "database-password", "database-timeout", "dev",
            "jwt-secret", "api-key", "allowed-origins", "max-frame-bytes", "outbound-queue-frames",
            "rate-limit-per-second", "rate-limit-burst", "max-connections", "max-connections-per-user",
            "ping-interval", "idle-timeout", "shutdown-grace", "ingest-retention", "ingest-auth-timeout",
            "inbox-redeliver-after", "inbox-retention", "channel-history", "assistant-url", "assistant-key", "assistant-model",
            "access-token-ttl", "refresh-token-ttl", "password-iterations", "login-attempts-per-minute",
            "connect-rate-per-ip", "connect-burst-per-ip", "trusted-proxies", "rest-write-rate", "rest-write-burst",
            "tls-cert", "tls-key",
            "redis", "redis-prefix", "node-id", "presence-ttl");

    /** Validates raw values; throws {@link InvalidSettingException} naming the first bad one. */
    public static Settings from(Map<String, String> raw) {
        for (String key : raw.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidSettingException(key, "unknown setting; known settings are " + String.join(", ", KEYS));
            }
        }
        SettingValues v = new SettingValues(raw);
        Path dataDir = Path.of(v.string("data-dir", "./data")).toAbsolutePath().normalize();
        String dbUrl = v.string("database-url", "jdbc:sqlite:" + dataDir.resolve("switchboard.db"));
        dbUrl = normaliseDatabaseUrl(dbUrl);
        String secret = v.string("jwt-secret", null);
        if (secret != null && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new InvalidSettingException("jwt-secret", "must be at least 32 bytes for HS256");
        }
        String apiKey = v.string("api-key", null);
        if (apiKey != null && apiKey.length() < 16) {
            throw new InvalidSettingException("api-key", "must be at least 16 characters");
        }
        List<String> origins = v.list("allowed-origins");
        for (String origin : origins) {
            validateOrigin(origin);
        }
        Duration ping = v.duration("ping-interval", Duration.ofSeconds(25), Duration.ofMillis(100));
        Duration idle = v.duration("idle-timeout", Duration.ofSeconds(60), Duration.ofMillis(200));
        if (idle.compareTo(ping) <= 0) {
            throw new InvalidSettingException("idle-timeout", "must be longer than ping-interval (" + ping.toMillis() + "ms)");
        }
        int burst = v.integer("rate-limit-burst", 200, 1, 1_000_000);
        Duration accessTtl = v.duration("access-token-ttl", Duration.ofMinutes(15), Duration.ofSeconds(10));
        Duration refreshTtl = v.duration("refresh-token-ttl", Duration.ofDays(30), Duration.ofMinutes(1));
        if (refreshTtl.compareTo(accessTtl) <= 0) {
            throw new InvalidSettingException("refresh-token-ttl",
                    "must be longer than access-token-ttl (" + accessTtl.toSeconds() + "s)");
        }
        List<String> proxies = v.list("trusted-proxies");
        try {
            TrustedProxies.parse(proxies);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("trusted-proxies", e.getMessage());
        }
        Path tlsCert = path("tls-cert", v.string("tls-cert", null));
        Path tlsKey = path("tls-key", v.string("tls-key", null));
        if (tlsCert != null && tlsKey == null) {
            throw new InvalidSettingException("tls-key", "must be set too when tls-cert is (the certificate's private key, PEM)");
        }
        if (tlsKey != null && tlsCert == null) {
            throw new InvalidSettingException("tls-cert", "must be set too when tls-key is (the certificate chain, PEM)");
        }
        return new Settings(
                v.string("host", "0.0.0.0"),
                v.integer("port", 8080, 0, 65535),
                dataDir,
                dbUrl,
                v.string("database-user", null),
                v.string("database-password", null),
                v.duration("database-timeout", Duration.ofSeconds(5), Duration.ofMillis(500)),
                v.bool("dev", true),
                secret,
                apiKey,
                origins,
                v.integer("max-frame-bytes", 64 * 1024, 256, 16 * 1024 * 1024),
                v.integer("outbound-queue-frames", 1024, 1, 1_000_000),
                v.integer("rate-limit-per-second", 100, 1, 1_000_000),
                burst,
                v.integer("max-connections", 10_000, 1, 10_000_000),
                v.integer("max-connections-per-user", 64, 1, 1_000_000),
                ping,
                idle,
                v.duration("shutdown-grace", Duration.ofSeconds(10), Duration.ZERO),
                v.duration("ingest-retention", Duration.ofDays(365), Duration.ofDays(1)),
                v.duration("ingest-auth-timeout", Duration.ofSeconds(10), Duration.ofMillis(100)),
                v.duration("inbox-redeliver-after", Duration.ofSeconds(30), Duration.ofMillis(100)),
                v.duration("inbox-retention", Duration.ofDays(7), Duration.ofSeconds(1)),
                channelHistory(v.string("channel-history", "")),
                assistantUrl(v.string("assistant-url", null)),
                v.string("assistant-key", null),
                v.string("assistant-model", "gpt-4o-mini"),
                accessTtl,
                refreshTtl,
                // OWASP's 2023 figure for PBKDF2-HMAC-SHA256; the floor keeps a typo from storing weak hashes.
                v.integer("password-iterations", 600_000, PasswordHasher.MIN_ITERATIONS, PasswordHasher.MAX_ITERATIONS),
                v.integer("login-attempts-per-minute", 10, 1, 1_000_000),
                v.integer("connect-rate-per-ip", 50, 1, 1_000_000),
                v.integer("connect-burst-per-ip", 500, 1, 1_000_000),
                proxies,
                v.integer("rest-write-rate", 20, 1, 1_000_000),
                v.integer("rest-write-burst", 200, 1, 1_000_000),
                tlsCert,
                tlsKey,
                redisUrl(v.string("redis", null)),
                redisPrefix(v.string("redis-prefix", "sb")),
                nodeId(v.string("node-id", null)),
                v.duration("presence-ttl", Duration.ofSeconds(15), Duration.ofSeconds(1)));
    }

    private static String nodeId(String id) {
        if (id != null && !RedisKeys.valid(id)) {
            throw new InvalidSettingException("node-id", "must be 1 to 32 letters, digits, _ - or .");
        }
        return id;
    }

    private static Path path(String key, String value) {
        try {
            return value == null ? null : Path.of(value).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidSettingException(key, "'" + value + "' is not a file path");
        }
    }

    private static String redisUrl(String url) {
        if (url == null) {
            return null;
        }
        try {
            RedisAddress.parse(url);
        } catch (IllegalArgumentException e) {
            // The parser's message never holds the URL itself: it may hold a password.
            throw new InvalidSettingException("redis", e.getMessage());
        }
        return url;
    }

    private static String redisPrefix(String prefix) {
        if (!RedisKeys.valid(prefix)) {
            throw new InvalidSettingException("redis-prefix", "must be 1 to 32 letters, digits, _ - or .");
        }
        return prefix;
    }

    private static Map<String, HistoryOptions> channelHistory(String spec) {
        try {
            return HistoryOptions.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("channel-history", e.getMessage());
        }
    }

    private static String assistantUrl(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("assistant-url", "'" + url + "' is not an http(s) URL such as https://api.openai.com/v1");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String normaliseDatabaseUrl(String url) {
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            return "jdbc:postgresql://" + url.substring(url.indexOf("://") + 3);
        }
        if (url.startsWith("jdbc:sqlite:") || url.startsWith("jdbc:postgresql:")) {
            return url;
        }
        throw new InvalidSettingException("database-url", "must start with jdbc:sqlite:, jdbc:postgresql: or postgres://");
    }

    private static void validateOrigin(String origin) {
        if (origin.equals("*")) {
            return;
        }
        try {
            URI uri = URI.create(origin);
            if (uri.getScheme() == null || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("allowed-origins", "'" + origin + "' is not an origin such as https://app.example.com");
        }
    }

    /** Whether the node serves HTTPS and WSS. */
    public boolean tls() {
        return tlsCert != null;
    }

    /** Whether the database is SQLite. */
    public boolean sqlite() {
        return databaseUrl.startsWith("jdbc:sqlite:");
    }
}

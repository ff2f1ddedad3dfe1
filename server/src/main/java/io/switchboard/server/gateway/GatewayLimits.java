package io.switchboard.server.gateway;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import io.switchboard.server.limits.OutboundBudget;
import java.time.Duration;
import java.util.List;

/**
 * What the gateway allows each connection and the node: frame size, unwritten frames and bytes, message rate,
 * sessions, and the heartbeat.
 *
 * @param maxFrameBytes         largest client frame handled; larger ones get a {@code too_large} error
 * @param outboundQueueFrames   frames a session may have unwritten before it is closed as a slow consumer
 * @param outboundBudgetBytes   bytes of unwritten frames the node may hold for all its sessions together; past it
 *                              the sessions holding the most are closed as slow consumers and publishing is refused
 * @param outboundConnectionBytes bytes of unwritten frames a session may hold before it is closed as a slow consumer
 * @param rateLimitPerSecond    messages per second a connection may send, sustained
 * @param rateLimitBurst        messages a connection may send at once
 * @param maxConnections        sessions per node
 * @param maxConnectionsPerUser sessions per user on this node
 * @param pingInterval          how often the server pings each socket
 * @param idleTimeout           a socket silent for this long is closed with 4200
 */
public record GatewayLimits(
        int maxFrameBytes,
        int outboundQueueFrames,
        long outboundBudgetBytes,
        long outboundConnectionBytes,
        int rateLimitPerSecond,
        int rateLimitBurst,
        int maxConnections,
        int maxConnectionsPerUser,
        Duration pingInterval,
        Duration idleTimeout) {

    /** The settings this record reads, with their defaults and meanings. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("max-frame-bytes", "65536", "largest client message; larger ones get a too_large error"),
            new SettingKey("outbound-queue-frames", "1024", "unsent frames a connection may have before it is closed as a slow consumer (4100)"),
            new SettingKey("outbound-budget-bytes", null, "bytes of unsent frames the node holds for all sockets before closing the largest stalled backlogs (4100); unset: a quarter of the maximum heap"),
            new SettingKey("outbound-connection-bytes", "4m", "bytes of unsent frames one connection may hold before it is closed as a slow consumer (4100)"),
            new SettingKey("rate-limit-per-second", "100", "messages per second a connection may send, sustained (token bucket)"),
            new SettingKey("rate-limit-burst", "200", "messages a connection may send at once; the fifth refusal in a row closes with 4101"),
            new SettingKey("max-connections", "10000", "sockets per node; more are closed with 4102"),
            new SettingKey("max-connections-per-user", "64", "sockets per user on a node; more are closed with 4103"),
            new SettingKey("ping-interval", "25s", "how often the server pings each socket"),
            new SettingKey("idle-timeout", "60s", "a socket silent for this long is closed with 4200; longer than ping-interval"));

    /** The names of {@link #DECLARED}. */
    public static final List<String> KEYS = SettingKey.names(DECLARED);

    /** The default share of one connection: 4 MiB, room for a few of the largest frames a backend may publish. */
    public static final long DEFAULT_CONNECTION_BYTES = 4L << 20;

    /**
     * Reads and validates its keys; {@code outbound-budget-bytes} defaults to a quarter of this JVM's maximum heap.
     * Throws {@link InvalidSettingException} naming the first bad one.
     */
    public static GatewayLimits from(SettingValues v) {
        return from(v, Runtime.getRuntime().maxMemory());
    }

    /** Reads and validates its keys; the node budget defaults to a quarter of {@code maxHeapBytes}. */
    static GatewayLimits from(SettingValues v, long maxHeapBytes) {
        Duration ping = v.duration("ping-interval", Duration.ofSeconds(25), Duration.ofMillis(100));
        Duration idle = v.duration("idle-timeout", Duration.ofSeconds(60), Duration.ofMillis(200));
        if (idle.compareTo(ping) <= 0) {
            throw new InvalidSettingException("idle-timeout", "must be longer than ping-interval (" + ping.toMillis() + "ms)");
        }
        long connection = v.bytes("outbound-connection-bytes", DEFAULT_CONNECTION_BYTES, 64L << 10, 1L << 40);
        long node = v.bytes("outbound-budget-bytes", Math.max(connection, OutboundBudget.fromHeap(maxHeapBytes)),
                1L << 20, 1L << 50);
        if (node < connection) {
            throw new InvalidSettingException("outbound-budget-bytes",
                    "must be at least outbound-connection-bytes (" + connection + ")");
        }
        return new GatewayLimits(
                v.integer("max-frame-bytes", 64 * 1024, 256, 16 * 1024 * 1024),
                v.integer("outbound-queue-frames", 1024, 1, 1_000_000),
                node,
                connection,
                v.integer("rate-limit-per-second", 100, 1, 1_000_000),
                v.integer("rate-limit-burst", 200, 1, 1_000_000),
                v.integer("max-connections", 10_000, 1, 10_000_000),
                v.integer("max-connections-per-user", 64, 1, 1_000_000),
                ping,
                idle);
    }
}

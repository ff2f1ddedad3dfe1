package io.switchboard.server.stream;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import io.switchboard.server.gateway.GatewayLimits;
import java.time.Duration;
import java.util.List;

/**
 * The HTTP streams' settings.
 *
 * @param heartbeat how often an idle-looking stream gets a heartbeat (an SSE comment, an empty line): proxies that
 *                  close a response silent for a while keep it, and a client that stopped reading is found
 */
public record StreamSettings(Duration heartbeat) {
    /** The settings this record reads, with their defaults and meanings. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("stream-heartbeat", "25s", "how often an SSE or HTTP stream gets a heartbeat (an SSE comment, an empty line); shorter than idle-timeout; unset: 25s or ping-interval if shorter"));

    /** The heartbeat when none is set: as often as the WebSocket pings, at most every 25 s. */
    private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(25);

    /**
     * Reads and validates its keys against the gateway's {@code idle-timeout}: a stream counts as alive when the network
     * takes its heartbeat, so a heartbeat as long as the idle timeout would close every quiet stream.
     */
    public static StreamSettings from(SettingValues v, GatewayLimits gateway) {
        Duration fallback = gateway.pingInterval().compareTo(DEFAULT_HEARTBEAT) < 0 ? gateway.pingInterval() : DEFAULT_HEARTBEAT;
        Duration heartbeat = v.duration("stream-heartbeat", fallback, Duration.ofMillis(100));
        if (heartbeat.compareTo(gateway.idleTimeout()) >= 0) {
            throw new InvalidSettingException("stream-heartbeat", "must be shorter than idle-timeout ("
                    + gateway.idleTimeout().toMillis() + "ms): a stream counts as alive when its heartbeat is taken");
        }
        return new StreamSettings(heartbeat);
    }
}

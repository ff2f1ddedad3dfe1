package io.switchboard.server.stream;

import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
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
            new SettingKey("stream-heartbeat", "25s", "how often an SSE or HTTP stream gets a heartbeat (an SSE comment, an empty line); shorter than idle-timeout"));

    /** Reads and validates its keys. */
    public static StreamSettings from(SettingValues v) {
        return new StreamSettings(v.duration("stream-heartbeat", Duration.ofSeconds(25), Duration.ofMillis(100)));
    }
}

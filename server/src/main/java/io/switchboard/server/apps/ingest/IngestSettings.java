package io.switchboard.server.apps.ingest;

import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import java.time.Duration;
import java.util.List;

/**
 * The ingest app's settings.
 *
 * @param retention   device telemetry older than this is deleted by the daily prune
 * @param authTimeout how long {@code /ws/ingest-auth/} waits for the {@code auth} message
 */
public record IngestSettings(Duration retention, Duration authTimeout) {

    /** The settings this record reads, with their defaults and meanings. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("ingest-retention", "365d", "device telemetry older than this is deleted by the daily prune and refused on arrival; at least 1d"),
            new SettingKey("ingest-auth-timeout", "10s", "how long /ws/ingest-auth/ waits for the auth message before closing with 4001"));

    /** The names of {@link #DECLARED}. */
    public static final List<String> KEYS = SettingKey.names(DECLARED);

    /** Reads and validates its keys; throws {@link io.switchboard.server.config.InvalidSettingException} naming a bad one. */
    public static IngestSettings from(SettingValues v) {
        return new IngestSettings(v.duration("ingest-retention", Duration.ofDays(365), Duration.ofDays(1)),
                v.duration("ingest-auth-timeout", Duration.ofSeconds(10), Duration.ofMillis(100)));
    }
}

package io.switchboard.server.apps.ingest;

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

    /** The settings this record reads. */
    public static final List<String> KEYS = List.of("ingest-retention", "ingest-auth-timeout");

    /** Reads and validates its keys; throws {@link io.switchboard.server.config.InvalidSettingException} naming a bad one. */
    public static IngestSettings from(SettingValues v) {
        return new IngestSettings(v.duration("ingest-retention", Duration.ofDays(365), Duration.ofDays(1)),
                v.duration("ingest-auth-timeout", Duration.ofSeconds(10), Duration.ofMillis(100)));
    }
}

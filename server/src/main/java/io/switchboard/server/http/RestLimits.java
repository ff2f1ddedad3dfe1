package io.switchboard.server.http;

import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import java.util.List;

/**
 * How fast a user may write through the REST API.
 *
 * @param writeRate  REST writes (POST, PUT, PATCH, DELETE under {@code /api/}) per second per user, sustained
 * @param writeBurst REST writes a user may make at once
 */
public record RestLimits(int writeRate, int writeBurst) {

    /** The settings this record reads, with their defaults and meanings. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("rest-write-rate", "20", "REST writes per second per user, sustained; over it 429 with Retry-After"),
            new SettingKey("rest-write-burst", "200", "REST writes a user may make at once"));

    /** The names of {@link #DECLARED}. */
    public static final List<String> KEYS = SettingKey.names(DECLARED);

    /** Reads and validates its keys; throws {@link io.switchboard.server.config.InvalidSettingException} naming a bad one. */
    public static RestLimits from(SettingValues v) {
        return new RestLimits(v.integer("rest-write-rate", 20, 1, 1_000_000), v.integer("rest-write-burst", 200, 1, 1_000_000));
    }
}

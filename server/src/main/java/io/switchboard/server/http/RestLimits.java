package io.switchboard.server.http;

import io.switchboard.server.config.SettingValues;
import java.util.List;

/**
 * How fast a user may write through the REST API.
 *
 * @param writeRate  REST writes (POST, PUT, PATCH, DELETE under {@code /api/}) per second per user, sustained
 * @param writeBurst REST writes a user may make at once
 */
public record RestLimits(int writeRate, int writeBurst) {

    /** The settings this record reads. */
    public static final List<String> KEYS = List.of("rest-write-rate", "rest-write-burst");

    /** Reads and validates its keys; throws {@link io.switchboard.server.config.InvalidSettingException} naming a bad one. */
    public static RestLimits from(SettingValues v) {
        return new RestLimits(v.integer("rest-write-rate", 20, 1, 1_000_000), v.integer("rest-write-burst", 200, 1, 1_000_000));
    }
}

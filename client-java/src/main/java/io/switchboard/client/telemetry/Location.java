package io.switchboard.client.telemetry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.time.Instant;
import java.util.Objects;

/** One position fix: {@code location {timestamp, latitude, longitude}}. Immutable. */
public final class Location implements Telemetry {
    /** The message type. */
    public static final String TYPE = "location";

    private final Instant timestamp;
    private final double latitude;
    private final double longitude;

    private Location(Instant timestamp, double latitude, double longitude) {
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.latitude = Checks.range("latitude", latitude, 90);
        this.longitude = Checks.range("longitude", longitude, 180);
    }

    /** A fix taken at {@code timestamp}; latitude in [-90, 90], longitude in [-180, 180]. */
    public static Location of(Instant timestamp, double latitude, double longitude) {
        return new Location(timestamp, latitude, longitude);
    }

    /** When the fix was taken. */
    public Instant timestamp() {
        return timestamp;
    }

    /** Degrees north. */
    public double latitude() {
        return latitude;
    }

    /** Degrees east. */
    public double longitude() {
        return longitude;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ObjectNode toData() {
        return Json.object().put("timestamp", timestamp.toString()).put("latitude", latitude).put("longitude", longitude);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Location)) {
            return false;
        }
        Location l = (Location) o;
        return timestamp.equals(l.timestamp) && Double.compare(latitude, l.latitude) == 0
                && Double.compare(longitude, l.longitude) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, latitude, longitude);
    }

    @Override
    public String toString() {
        return "Location{" + timestamp + ", " + latitude + ", " + longitude + "}";
    }
}

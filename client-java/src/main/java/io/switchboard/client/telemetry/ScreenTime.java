package io.switchboard.client.telemetry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A day's screen time: {@code screen_time {date, total_screen_time, app_wise_data: {package: {hour: seconds}},
 * reported_at}}. The server keeps one per child and day; a message replaces it only if it is newer by
 * {@code reported_at}, this device's clock when the report was built, so a resend of an older report that arrives
 * late changes nothing. Immutable; build one with {@link #builder(LocalDate, int)}.
 */
public final class ScreenTime implements Telemetry {
    /** The message type. */
    public static final String TYPE = "screen_time";
    /** Seconds in a day: the most {@code total_screen_time} may be. */
    public static final int MAX_TOTAL = 86_400;
    /** Seconds in an hour: the most one app may have in one hour. */
    public static final int MAX_PER_HOUR = 3_600;

    private final LocalDate date;
    private final int totalSeconds;
    private final Map<String, Map<Integer, Integer>> apps;
    private final Instant reportedAt;

    private ScreenTime(Builder b) {
        this.reportedAt = b.reportedAt != null ? b.reportedAt : Instant.now().truncatedTo(ChronoUnit.MILLIS);
        this.date = b.date;
        this.totalSeconds = b.totalSeconds;
        Map<String, Map<Integer, Integer>> copy = new LinkedHashMap<>();
        b.apps.forEach((pkg, hours) -> copy.put(pkg, Collections.unmodifiableMap(new TreeMap<>(hours))));
        this.apps = Collections.unmodifiableMap(copy);
    }

    /** A builder for the screen time of {@code date}, {@code totalSeconds} in all (0 to 86,400). */
    public static Builder builder(LocalDate date, int totalSeconds) {
        return new Builder(date, totalSeconds);
    }

    /** The child's calendar day. */
    public LocalDate date() {
        return date;
    }

    /** Seconds of screen time that day. */
    public int totalSeconds() {
        return totalSeconds;
    }

    /** Package name to hour (0–23) to seconds. */
    public Map<String, Map<Integer, Integer>> apps() {
        return apps;
    }

    /** When the report was made, by this device's clock: what makes one report of a day newer than another. */
    public Instant reportedAt() {
        return reportedAt;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ObjectNode toData() {
        ObjectNode data = Json.object().put("date", date.toString()).put("total_screen_time", totalSeconds);
        ObjectNode appData = data.putObject("app_wise_data");
        apps.forEach((pkg, hours) -> {
            ObjectNode h = appData.putObject(pkg);
            hours.forEach((hour, seconds) -> h.put(String.valueOf(hour), seconds));
        });
        data.put("reported_at", reportedAt.toString());
        return data;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ScreenTime)) {
            return false;
        }
        ScreenTime s = (ScreenTime) o;
        return date.equals(s.date) && totalSeconds == s.totalSeconds && apps.equals(s.apps) && reportedAt.equals(s.reportedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(date, totalSeconds, apps, reportedAt);
    }

    @Override
    public String toString() {
        return "ScreenTime{" + date + ", " + totalSeconds + " s, " + apps + ", reported at " + reportedAt + "}";
    }

    /** Builds a {@link ScreenTime}. */
    public static final class Builder {
        /** The most apps one message may carry. */
        public static final int MAX_APPS = 1000;
        private final LocalDate date;
        private final int totalSeconds;
        private final Map<String, Map<Integer, Integer>> apps = new LinkedHashMap<>();
        private Instant reportedAt;

        private Builder(LocalDate date, int totalSeconds) {
            this.date = Objects.requireNonNull(date, "date");
            this.totalSeconds = Checks.seconds("total_screen_time", totalSeconds, MAX_TOTAL);
        }

        /** Adds {@code seconds} (0 to 3,600) of {@code packageName} in {@code hour} (0 to 23), replacing an earlier value. */
        public Builder app(String packageName, int hour, int seconds) {
            Objects.requireNonNull(packageName, "packageName");
            if (packageName.isEmpty() || packageName.length() > 255) {
                throw new IllegalArgumentException("a package name must be 1 to 255 characters");
            }
            if (hour < 0 || hour > 23) {
                throw new IllegalArgumentException("hour must be from 0 to 23, got " + hour);
            }
            Checks.seconds("seconds", seconds, MAX_PER_HOUR);
            if (!apps.containsKey(packageName) && apps.size() == MAX_APPS) {
                throw new IllegalArgumentException("at most " + MAX_APPS + " apps per message");
            }
            apps.computeIfAbsent(packageName, k -> new TreeMap<>()).put(hour, seconds);
            return this;
        }

        /** When the report was made (by default, the device's clock when {@link #build()} runs). */
        public Builder reportedAt(Instant at) {
            this.reportedAt = Objects.requireNonNull(at, "at");
            return this;
        }

        /** The screen time. */
        public ScreenTime build() {
            return new ScreenTime(this);
        }
    }
}

package io.switchboard.server.apps.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.validation.JsonFields;
import io.switchboard.server.validation.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates the {@code data} of a telemetry message and turns it into an {@link IngestMessage}, or throws a
 * {@link ProtocolException} naming the code and the field at fault ({@code data.logs[3].url}). Nothing is
 * stored for a message that fails here.
 */
final class TelemetryParser {
    /** The most logs one {@code site_access} message may carry. */
    static final int MAX_LOGS = 1000;
    /** The most apps one {@code screen_time} message may carry. */
    static final int MAX_APPS = 1000;
    /** The longest URL stored. */
    static final int MAX_URL = 2048;
    /** The longest package name. */
    static final int MAX_PACKAGE = 255;
    /** How far past the server's clock a timestamp may be (a phone's clock may be off, not by a day). */
    static final Duration MAX_FUTURE = Duration.ofHours(24);
    /** Seconds in an hour: the most screen time one hour of one app may hold. */
    private static final int HOUR_SECONDS = 3_600;
    private static final Pattern HOUR = Pattern.compile("\\d{1,2}");

    private final Clock clock;
    private final Duration retention;

    /** A parser that refuses times older than {@code retention} (they would be pruned at once). */
    TelemetryParser(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    /** Parses {@code data} of a message of {@code type}; an unknown type is {@code unknown_type}. */
    IngestMessage parse(String type, JsonNode data) {
        return switch (type) {
            case IngestTypes.SCREEN_TIME -> screenTime(JsonFields.data(data, "date", "total_screen_time", "app_wise_data",
                    "reported_at"));
            case IngestTypes.LOCATION -> location(JsonFields.data(data, "timestamp", "latitude", "longitude"));
            case IngestTypes.SITE_ACCESS -> siteAccess(JsonFields.data(data, "logs"));
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type '" + shorten(type)
                    + "'; expected one of " + String.join(", ", IngestTypes.DATA), "type");
        };
    }

    private IngestMessage.ScreenTime screenTime(JsonFields data) {
        LocalDate date = date(data.get("date"));
        int total = seconds(data.get("total_screen_time"), 86_400);
        Map<String, Map<Integer, Integer>> apps = new LinkedHashMap<>();
        JsonValue appData = data.get("app_wise_data");
        if (appData.isPresent()) {
            for (Map.Entry<String, JsonValue> app : appData.entries(MAX_APPS).entrySet()) {
                String pkg = app.getKey();
                if (pkg.isEmpty() || pkg.codePointCount(0, pkg.length()) > MAX_PACKAGE || hasControl(pkg)) {
                    throw app.getValue().invalid("a package name must be 1 to " + MAX_PACKAGE + " printable characters");
                }
                apps.put(pkg, hours(app.getValue()));
            }
        }
        JsonValue reported = data.get("reported_at");
        return new IngestMessage.ScreenTime(date, total, apps, reported.isPresent() ? timestamp(reported) : null);
    }

    private Map<Integer, Integer> hours(JsonValue app) {
        // A null under a name that was sent is a bad value, not a missing one.
        if (!app.isPresent()) {
            throw app.invalid("must be an object of hour (\"0\" to \"23\") to seconds");
        }
        Map<Integer, Integer> hours = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : app.entries().entrySet()) {
            if (!HOUR.matcher(e.getKey()).matches() || Integer.parseInt(e.getKey()) > 23) {
                throw e.getValue().invalid("an hour must be \"0\" to \"23\"");
            }
            if (!e.getValue().isPresent()) {
                throw e.getValue().invalid("must be a whole number of seconds from 0 to " + HOUR_SECONDS);
            }
            int hour = Integer.parseInt(e.getKey());
            if (hours.put(hour, seconds(e.getValue(), HOUR_SECONDS)) != null) {
                throw e.getValue().invalid("hour " + hour + " is given twice");
            }
        }
        return hours;
    }

    private IngestMessage.Location location(JsonFields data) {
        long at = timestamp(data.get("timestamp"));
        double lat = data.get("latitude").number(-90, 90);
        double lon = data.get("longitude").number(-180, 180);
        return new IngestMessage.Location(at, lat, lon);
    }

    private IngestMessage.SiteAccess siteAccess(JsonFields data) {
        List<JsonValue> logs = data.get("logs").items(1, MAX_LOGS);
        List<IngestMessage.Visit> visits = new ArrayList<>(logs.size());
        for (JsonValue entry : logs) {
            JsonFields log = entry.object("timestamp", "url", "accessed");
            long at = timestamp(log.get("timestamp"));
            String url = log.trimmed("url", 1, MAX_URL);
            if (hasControl(url)) {
                throw log.get("url").invalid("must not contain control characters");
            }
            visits.add(new IngestMessage.Visit(at, url, log.bool("accessed")));
        }
        return new IngestMessage.SiteAccess(List.copyOf(visits));
    }

    private LocalDate date(JsonValue value) {
        String text = value.text();
        LocalDate date;
        try {
            date = LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            throw value.invalid("must be a real calendar date written YYYY-MM-DD, got '" + shorten(text) + "'");
        }
        Instant now = clock.instant();
        // A phone's calendar day may run up to 14 hours ahead of UTC.
        if (date.isAfter(LocalDate.ofInstant(now.plus(MAX_FUTURE), ZoneOffset.UTC))) {
            throw value.invalid("is in the future");
        }
        if (date.isBefore(LocalDate.ofInstant(now.minus(retention), ZoneOffset.UTC))) {
            throw value.invalid("is older than the retention window (" + retention.toDays() + " days)");
        }
        return date;
    }

    private long timestamp(JsonValue value) {
        Instant at = value.instant();
        Instant now = clock.instant();
        if (at.isAfter(now.plus(MAX_FUTURE))) {
            throw value.invalid("is more than " + MAX_FUTURE.toHours() + " hours in the future");
        }
        if (at.isBefore(now.minus(retention))) {
            throw value.invalid("is older than the retention window (" + retention.toDays() + " days)");
        }
        return at.toEpochMilli();
    }

    /** Whole seconds from 0 to {@code max}; a phone may send {@code 60.0}, which is whole. */
    private static int seconds(JsonValue value, int max) {
        double v = value.number(0, max);
        if (v != Math.rint(v)) {
            throw value.invalid("must be a whole number of seconds from 0 to " + max);
        }
        return (int) v;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}

package io.switchboard.server.apps.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static final Pattern HOUR = Pattern.compile("\\d{1,2}");
    private static final Set<String> SCREEN_TIME_FIELDS = Set.of("date", "total_screen_time", "app_wise_data");
    private static final Set<String> LOCATION_FIELDS = Set.of("timestamp", "latitude", "longitude");
    private static final Set<String> SITE_ACCESS_FIELDS = Set.of("logs");
    private static final Set<String> VISIT_FIELDS = Set.of("timestamp", "url", "accessed");

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
            case IngestTypes.SCREEN_TIME -> screenTime(object(data, "data", SCREEN_TIME_FIELDS));
            case IngestTypes.LOCATION -> location(object(data, "data", LOCATION_FIELDS));
            case IngestTypes.SITE_ACCESS -> siteAccess(object(data, "data", SITE_ACCESS_FIELDS));
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type '" + shorten(type)
                    + "'; expected one of " + String.join(", ", IngestTypes.DATA), "type");
        };
    }

    private IngestMessage.ScreenTime screenTime(JsonNode data) {
        LocalDate date = date(required(data, "date", "data.date"), "data.date");
        int total = wholeNumber(required(data, "total_screen_time", "data.total_screen_time"), "data.total_screen_time", 0, 86_400);
        Map<String, Map<Integer, Integer>> apps = new LinkedHashMap<>();
        JsonNode appData = data.get("app_wise_data");
        if (appData != null && !appData.isNull()) {
            if (!appData.isObject()) {
                throw invalid("data.app_wise_data", "must be an object of package name to {hour: seconds}");
            }
            if (appData.size() > MAX_APPS) {
                throw invalid("data.app_wise_data", "must hold at most " + MAX_APPS + " apps");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = appData.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> app = it.next();
                String pkg = app.getKey();
                String field = "data.app_wise_data." + shorten(pkg);
                if (pkg.isEmpty() || pkg.codePointCount(0, pkg.length()) > MAX_PACKAGE || hasControl(pkg)) {
                    throw invalid(field, "a package name must be 1 to " + MAX_PACKAGE + " printable characters");
                }
                apps.put(pkg, hours(app.getValue(), field));
            }
        }
        return new IngestMessage.ScreenTime(date, total, apps);
    }

    private Map<Integer, Integer> hours(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw invalid(field, "must be an object of hour (\"0\" to \"23\") to seconds");
        }
        Map<Integer, Integer> hours = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String hourField = field + "." + shorten(e.getKey());
            if (!HOUR.matcher(e.getKey()).matches() || Integer.parseInt(e.getKey()) > 23) {
                throw invalid(hourField, "an hour must be \"0\" to \"23\"");
            }
            int hour = Integer.parseInt(e.getKey());
            if (hours.put(hour, wholeNumber(e.getValue(), hourField, 0, 3_600)) != null) {
                throw invalid(hourField, "hour " + hour + " is given twice");
            }
        }
        return hours;
    }

    private IngestMessage.Location location(JsonNode data) {
        long at = timestamp(required(data, "timestamp", "data.timestamp"), "data.timestamp");
        double lat = coordinate(required(data, "latitude", "data.latitude"), "data.latitude", 90);
        double lon = coordinate(required(data, "longitude", "data.longitude"), "data.longitude", 180);
        return new IngestMessage.Location(at, lat, lon);
    }

    private IngestMessage.SiteAccess siteAccess(JsonNode data) {
        JsonNode logs = required(data, "logs", "data.logs");
        if (!logs.isArray()) {
            throw invalid("data.logs", "must be an array of {timestamp, url, accessed}");
        }
        if (logs.isEmpty() || logs.size() > MAX_LOGS) {
            throw invalid("data.logs", "must hold 1 to " + MAX_LOGS + " entries, got " + logs.size());
        }
        List<IngestMessage.Visit> visits = new ArrayList<>(logs.size());
        for (int i = 0; i < logs.size(); i++) {
            String field = "data.logs[" + i + "]";
            JsonNode log = object(logs.get(i), field, VISIT_FIELDS);
            long at = timestamp(required(log, "timestamp", field + ".timestamp"), field + ".timestamp");
            JsonNode url = required(log, "url", field + ".url");
            if (!url.isTextual() || url.textValue().isBlank()) {
                throw invalid(field + ".url", "must be a non-empty string");
            }
            String u = url.textValue().strip();
            if (u.length() > MAX_URL) {
                throw invalid(field + ".url", "must be at most " + MAX_URL + " characters");
            }
            if (hasControl(u)) {
                throw invalid(field + ".url", "must not contain control characters");
            }
            JsonNode accessed = required(log, "accessed", field + ".accessed");
            if (!accessed.isBoolean()) {
                throw invalid(field + ".accessed", "must be true (visited) or false (blocked)");
            }
            visits.add(new IngestMessage.Visit(at, u, accessed.booleanValue()));
        }
        return new IngestMessage.SiteAccess(List.copyOf(visits));
    }

    private static JsonNode object(JsonNode node, String field, Set<String> allowed) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, field + " is required", field);
        }
        if (!node.isObject()) {
            throw invalid(field, "must be an object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                String f = field + "." + shorten(name);
                throw new ProtocolException(ErrorCode.UNKNOWN_FIELD, "unknown field " + f + "; expected "
                        + String.join(", ", allowed.stream().sorted().toList()), f);
            }
        }
        return node;
    }

    private static JsonNode required(JsonNode parent, String name, String field) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, field + " is required", field);
        }
        return v;
    }

    private LocalDate date(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw invalid(field, "must be a date such as 2025-12-10");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(node.textValue(), DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            throw invalid(field, "must be a real calendar date written YYYY-MM-DD, got '" + shorten(node.textValue()) + "'");
        }
        Instant now = clock.instant();
        // A phone's calendar day may run up to 14 hours ahead of UTC.
        if (date.isAfter(LocalDate.ofInstant(now.plus(MAX_FUTURE), ZoneOffset.UTC))) {
            throw invalid(field, "is in the future");
        }
        if (date.isBefore(LocalDate.ofInstant(now.minus(retention), ZoneOffset.UTC))) {
            throw invalid(field, "is older than the retention window (" + retention.toDays() + " days)");
        }
        return date;
    }

    private long timestamp(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw invalid(field, "must be an ISO-8601 time with a zone, such as 2025-12-10T10:30:00Z");
        }
        String text = node.textValue();
        Instant at;
        try {
            at = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(field, looksLocal(text)
                    ? "must name its zone (Z or an offset such as +02:00), got '" + shorten(text) + "'"
                    : "must be an ISO-8601 time with a zone, such as 2025-12-10T10:30:00Z, got '" + shorten(text) + "'");
        }
        Instant now = clock.instant();
        if (at.isAfter(now.plus(MAX_FUTURE))) {
            throw invalid(field, "is more than " + MAX_FUTURE.toHours() + " hours in the future");
        }
        if (at.isBefore(now.minus(retention))) {
            throw invalid(field, "is older than the retention window (" + retention.toDays() + " days)");
        }
        return at.toEpochMilli();
    }

    private static boolean looksLocal(String text) {
        try {
            LocalDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static double coordinate(JsonNode node, String field, double limit) {
        if (!node.isNumber()) {
            throw invalid(field, "must be a number from " + (int) -limit + " to " + (int) limit);
        }
        double v = node.asDouble();
        if (!Double.isFinite(v) || v < -limit || v > limit) {
            throw invalid(field, "must be from " + (int) -limit + " to " + (int) limit + ", got " + shorten(node.asText()));
        }
        return v;
    }

    private static int wholeNumber(JsonNode node, String field, int min, int max) {
        if (!node.isNumber()) {
            throw invalid(field, "must be a whole number of seconds from " + min + " to " + max);
        }
        double v = node.asDouble();
        if (v != Math.rint(v) || v < min || v > max) {
            throw invalid(field, "must be a whole number of seconds from " + min + " to " + max + ", got " + shorten(node.asText()));
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

    private static ProtocolException invalid(String field, String message) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, field + " " + message, field);
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}

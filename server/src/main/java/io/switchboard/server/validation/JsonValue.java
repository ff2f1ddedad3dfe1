package io.switchboard.server.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.ProtocolException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value of a request at the path a client names it by ({@code data.recover.offset}, {@code data.logs[3].url},
 * {@code member_ids}), read as the type it must have. A read that fails throws a {@link ProtocolException} whose
 * field is that path: {@code missing_field} when the value is absent or JSON null, {@code invalid_field} when it
 * has the wrong type or breaks a bound. The gateway sends it as an {@code error} reply, {@code HttpErrors} as
 * {@code {"error":{"code","message","field"}}}. Lengths count characters (code points), not UTF-16 units.
 *
 * <p>Immutable; it only reads the node it wraps.
 */
public final class JsonValue {
    private final JsonNode node;
    private final String path;

    private JsonValue(JsonNode node, String path) {
        this.node = node == null || node.isMissingNode() ? null : node;
        this.path = path;
    }

    /** The value {@code node} (null when absent), blamed as {@code path} when a read fails. */
    public static JsonValue of(JsonNode node, String path) {
        return new JsonValue(node, path);
    }

    /** The path errors name. */
    public String path() {
        return path;
    }

    /** The JSON as sent, or null when absent. */
    public JsonNode node() {
        return node;
    }

    /** Whether a value other than JSON null was sent. */
    public boolean isPresent() {
        return node != null && !node.isNull();
    }

    /** Any JSON value, JSON null included; {@code missing_field} only when absent. */
    public JsonNode any() {
        if (node == null) {
            throw FieldErrors.missing(path);
        }
        return node;
    }

    /** A string as sent, of any length. */
    public String text() {
        JsonNode n = required();
        if (!n.isTextual()) {
            throw invalid("must be a string");
        }
        return n.textValue();
    }

    /** A string as sent (never trimmed, as a password) of {@code min} to {@code max} characters. */
    public String text(int min, int max) {
        return bounded(text(), min, max);
    }

    /** A string stripped of surrounding white space, then of {@code min} to {@code max} characters. */
    public String trimmed(int min, int max) {
        return bounded(text().strip(), min, max);
    }

    /** A whole number (an integer that fits a long; {@code 1.0} is not one) from {@code min} to {@code max}. */
    public long wholeNumber(long min, long max) {
        JsonNode n = required();
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
            throw invalid(FieldErrors.wholeNumberRule(min, max));
        }
        return n.longValue();
    }

    /** Any finite number from {@code min} to {@code max}. */
    public double number(double min, double max) {
        JsonNode n = required();
        double v = n.asDouble();
        if (!n.isNumber() || !Double.isFinite(v) || v < min || v > max) {
            throw invalid("must be a number from " + plain(min) + " to " + plain(max));
        }
        return v;
    }

    /** {@code true} or {@code false}. */
    public boolean bool() {
        JsonNode n = required();
        if (!n.isBoolean()) {
            throw invalid("must be true or false");
        }
        return n.booleanValue();
    }

    /** An ISO-8601 time that names its zone, such as {@code 2025-12-10T10:30:00Z} or {@code …+02:00}. */
    public Instant instant() {
        JsonNode n = required();
        if (!n.isTextual()) {
            throw invalid("must be an ISO-8601 time with a zone, such as 2025-12-10T10:30:00Z");
        }
        String text = n.textValue();
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(looksLocal(text)
                    ? "must name its zone (Z or an offset such as +02:00), got '" + FieldErrors.shown(text) + "'"
                    : "must be an ISO-8601 time with a zone, such as 2025-12-10T10:30:00Z, got '" + FieldErrors.shown(text) + "'");
        }
    }

    /** An object with only the {@code allowed} field names; {@code unknown_field} names the first other one. */
    public JsonFields object(String... allowed) {
        JsonNode n = requiredObject();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!contains(allowed, name)) {
                throw FieldErrors.unknown(child(name), allowed);
            }
        }
        return new JsonFields(n, path);
    }

    /** An object whose names are data (a map), in the order sent, with at most {@code max} entries. */
    public Map<String, JsonValue> entries(int max) {
        JsonNode n = requiredObject();
        if (n.size() > max) {
            throw invalid("must hold at most " + max + " entries");
        }
        Map<String, JsonValue> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), new JsonValue(e.getValue(), child(e.getKey())));
        }
        return Collections.unmodifiableMap(out);
    }

    /** An object whose names are data (a map), of any size; see {@link #entries(int)}. */
    public Map<String, JsonValue> entries() {
        return entries(Integer.MAX_VALUE);
    }

    /** An array of {@code min} to {@code max} items, each blamed as {@code path[i]}. */
    public List<JsonValue> items(int min, int max) {
        JsonNode n = required();
        if (!n.isArray()) {
            throw invalid("must be an array");
        }
        if (n.size() < min || n.size() > max) {
            throw invalid("must hold " + min + " to " + max + " entries, got " + n.size());
        }
        List<JsonValue> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            out.add(new JsonValue(n.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** An {@code invalid_field} refusal of this value for a rule of the caller's ("must be a real calendar date"). */
    public ProtocolException invalid(String rule) {
        return FieldErrors.invalid(path, rule);
    }

    /** The path of a field of this object. */
    String child(String name) {
        return path.isEmpty() ? FieldErrors.shown(name) : path + "." + FieldErrors.shown(name);
    }

    private JsonNode required() {
        if (!isPresent()) {
            throw FieldErrors.missing(path);
        }
        return node;
    }

    private JsonNode requiredObject() {
        JsonNode n = required();
        if (!n.isObject()) {
            throw invalid("must be an object");
        }
        return n;
    }

    private String bounded(String value, int min, int max) {
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            throw invalid(min <= 0 ? "must have at most " + max + " characters"
                    : "must have " + min + " to " + max + " characters");
        }
        return value;
    }

    private static boolean contains(String[] names, String name) {
        for (String n : names) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksLocal(String text) {
        try {
            LocalDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}

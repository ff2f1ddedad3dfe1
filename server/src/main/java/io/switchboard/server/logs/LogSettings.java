package io.switchboard.server.logs;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import java.util.List;
import java.util.Locale;

/**
 * How the node logs.
 *
 * @param format    {@code text} (one line per event, ISO-8601 timestamp first) or {@code json} (one JSON object per line)
 * @param level     the least severe level written: {@code ERROR}, {@code WARN}, {@code INFO}, {@code DEBUG} or {@code TRACE}
 * @param accessLog whether each HTTP request gets a line (method, path without the query, status, bytes, time)
 */
public record LogSettings(String format, String level, boolean accessLog) {

    /** The settings this record reads, with their defaults and meanings. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("log-format", "text", "text: one line per event, ISO-8601 timestamp first; json: one JSON object per line"),
            new SettingKey("log-level", "INFO", "least severe level logged: ERROR, WARN, INFO, DEBUG or TRACE"),
            new SettingKey("access-log", "false", "a log line per HTTP request (address, method, path without the query, status, bytes, time)"));

    /** The names of {@link #DECLARED}. */
    public static final List<String> KEYS = SettingKey.names(DECLARED);

    private static final List<String> FORMATS = List.of("text", "json");
    private static final List<String> LEVELS = List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE");

    /** Reads and validates its keys; throws {@link InvalidSettingException} naming the first bad one. */
    public static LogSettings from(SettingValues v) {
        String format = v.string("log-format", "text").toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw new InvalidSettingException("log-format", "must be text or json, got '" + format + "'");
        }
        String level = v.string("log-level", "INFO").toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new InvalidSettingException("log-level", "must be one of " + String.join(", ", LEVELS) + ", got '" + level + "'");
        }
        return new LogSettings(format, level, v.bool("access-log", false));
    }

    /** Whether each event is a JSON object. */
    public boolean json() {
        return format.equals("json");
    }
}

package io.switchboard.server.broker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of a channel's past its history keeps: at most {@code size} publications, none older than {@code ttl}.
 *
 * @param size publications kept, 1 to {@link #MAX_SIZE}
 * @param ttl  how long a publication stays recoverable, 1 second to 1 day
 */
public record HistoryOptions(int size, Duration ttl) {
    /** The largest history a channel may keep. */
    public static final int MAX_SIZE = 10_000;
    private static final Pattern ENTRY = Pattern.compile("([a-z][a-z0-9_-]{0,31})=(\\d{1,6})/(\\d{1,9})(ms|s|m|h|d)?");

    /** Checks the bounds. */
    public HistoryOptions {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("history size must be from 1 to " + MAX_SIZE + ", got " + size);
        }
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("history age must be from 1s to 1d, got " + ttl.toMillis() + "ms");
        }
    }

    /**
     * Parses {@code namespace=size/age} pairs separated by commas, such as {@code public=100/10m,user=50/1h};
     * blank means none. Throws {@link IllegalArgumentException} naming the bad entry.
     */
    public static Map<String, HistoryOptions> parse(String spec) {
        Map<String, HistoryOptions> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String raw : spec.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + entry + "' is not namespace=size/age, such as public=100/10m");
            }
            long n = Long.parseLong(m.group(3));
            String unit = m.group(4) == null ? "s" : m.group(4);
            Duration age = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
            if (out.put(m.group(1), new HistoryOptions(Integer.parseInt(m.group(2)), age)) != null) {
                throw new IllegalArgumentException("namespace '" + m.group(1) + "' is given twice");
            }
        }
        return Map.copyOf(out);
    }
}

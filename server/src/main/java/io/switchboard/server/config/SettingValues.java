package io.switchboard.server.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Typed reads of raw setting strings, each failing with an {@link InvalidSettingException} naming the key. */
final class SettingValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private final Map<String, String> raw;

    SettingValues(Map<String, String> raw) {
        this.raw = raw;
    }

    String string(String key, String fallback) {
        String value = raw.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    int integer(String key, int fallback, int min, int max) {
        String value = raw.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new InvalidSettingException(key, "must be from " + min + " to " + max + ", got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, "must be a whole number, got '" + value + "'");
        }
    }

    boolean bool(String key, boolean fallback) {
        String value = raw.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        switch (value.trim().toLowerCase()) {
            case "true": case "yes": case "on": case "1": return true;
            case "false": case "no": case "off": case "0": return false;
            default: throw new InvalidSettingException(key, "must be true or false, got '" + value + "'");
        }
    }

    Duration duration(String key, Duration fallback, Duration min) {
        String value = raw.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new InvalidSettingException(key, "must be a duration such as 500ms, 30s, 5m, 1h or 2d, got '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d;
        switch (unit) {
            case "ms": d = Duration.ofMillis(n); break;
            case "m": d = Duration.ofMinutes(n); break;
            case "h": d = Duration.ofHours(n); break;
            case "d": d = Duration.ofDays(n); break;
            default: d = Duration.ofSeconds(n);
        }
        if (d.compareTo(min) < 0) {
            throw new InvalidSettingException(key, "must be at least " + min.toMillis() + "ms, got '" + value + "'");
        }
        return d;
    }

    List<String> list(String key) {
        String value = raw.get(key);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }
}

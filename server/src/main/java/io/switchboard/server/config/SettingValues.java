package io.switchboard.server.config;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The raw settings of a node ({@code key -> value} as written in the config file) with typed reads, each failing
 * with an {@link InvalidSettingException} naming the key. Every owner of settings reads its own keys from here;
 * a blank value counts as absent and gives the fallback. Immutable.
 */
public final class SettingValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern BYTES = Pattern.compile("(\\d{1,19})\\s*([kmg])?b?");
    private final Map<String, String> raw;

    private SettingValues(Map<String, String> raw) {
        this.raw = Map.copyOf(raw);
    }

    /** The values as given, by key. */
    public static SettingValues of(Map<String, String> raw) {
        return new SettingValues(new LinkedHashMap<>(raw));
    }

    /** The keys given. */
    public Set<String> keys() {
        return raw.keySet();
    }

    /**
     * Refuses a key that is not in {@code known}, naming it and listing the known ones; returns these values.
     *
     * @param known every key some owner reads: the engine's and the installed apps'
     */
    public SettingValues requireKnown(Collection<String> known) {
        List<Pattern> patterns = known.stream().filter(k -> k.contains("<")).map(SettingValues::pattern).toList();
        for (String key : raw.keySet()) {
            if (!known.contains(key) && patterns.stream().noneMatch(p -> p.matcher(key).matches())) {
                unknownOption(key, known);
                throw new InvalidSettingException(key, "unknown setting; known settings are " + String.join(", ", known));
            }
        }
        return this;
    }

    /**
     * Refuses a key of a family of settings with a part in their name ({@code namespace.room.x} of
     * {@code namespace.<ns>.*}) by naming the family's options; returns when the key is of no family.
     */
    private static void unknownOption(String key, Collection<String> known) {
        for (String declared : known) {
            int dot = declared.lastIndexOf('.');
            if (!declared.contains("<") || dot < 0) {
                continue;
            }
            String family = declared.substring(0, dot + 1);
            if (pattern(family + "x").matcher(key.substring(0, key.lastIndexOf('.') + 1) + "x").matches()) {
                List<String> options = known.stream().filter(k -> k.startsWith(family)).map(k -> k.substring(family.length())).toList();
                throw new InvalidSettingException(key, "unknown option '" + key.substring(key.lastIndexOf('.') + 1) + "' of "
                        + family + "*; the options are " + String.join(", ", options));
            }
        }
    }

    /** A declared key with a part in angle brackets, such as {@code namespace.<ns>.subscribe}: the part is a name. */
    private static Pattern pattern(String declared) {
        return Pattern.compile(Pattern.quote(declared).replaceAll("<[a-z]+>", "\\\\E[a-z][a-z0-9_-]{0,31}\\\\Q"));
    }

    /** The trimmed value, or {@code fallback} when absent. */
    public String string(String key, String fallback) {
        String value = raw.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** A whole number from {@code min} to {@code max}, or {@code fallback} when absent. */
    public int integer(String key, int fallback, int min, int max) {
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

    /**
     * A size in bytes such as {@code 524288}, {@code 512k}, {@code 64m} or {@code 1g} (binary multiples), from
     * {@code min} to {@code max}, or {@code fallback} when absent.
     */
    public long bytes(String key, long fallback, long min, long max) {
        String value = raw.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Matcher m = BYTES.matcher(value.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidSettingException(key, "must be a size such as 524288, 512k, 64m or 1g, got '" + value + "'");
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            default -> 30;
        };
        long parsed;
        try {
            long n = Long.parseLong(m.group(1));
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            parsed = n << shift;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, "must be from " + min + " to " + max + " bytes, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new InvalidSettingException(key, "must be from " + min + " to " + max + " bytes, got '" + value + "'");
        }
        return parsed;
    }

    /** {@code true/yes/on/1} or {@code false/no/off/0}, or {@code fallback} when absent. */
    public boolean bool(String key, boolean fallback) {
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

    /** A duration such as {@code 500ms}, {@code 30s} (the default unit), {@code 5m}, {@code 1h} or {@code 2d}, at least {@code min}. */
    public Duration duration(String key, Duration fallback, Duration min) {
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

    /** A comma-separated list, trimmed, empty items dropped; empty when absent. */
    public List<String> list(String key) {
        String value = raw.get(key);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    /** A file path made absolute and normal, or null when absent and {@code fallback} is null. */
    public Path path(String key, String fallback) {
        String value = string(key, fallback);
        try {
            return value == null ? null : Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidSettingException(key, "'" + value + "' is not a file path");
        }
    }

    /** An {@code http(s)} URL with a host, without a trailing slash, or null when absent. */
    public String httpUrl(String key, String example) {
        String url = string(key, null);
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, "'" + url + "' is not an http(s) URL such as " + example);
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Browser origins such as {@code https://app.example.com} (or {@code *}), comma-separated; empty when absent. */
    public List<String> origins(String key) {
        List<String> origins = list(key);
        for (String origin : origins) {
            if (origin.equals("*")) {
                continue;
            }
            try {
                URI uri = URI.create(origin);
                if (uri.getScheme() == null || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(key, "'" + origin + "' is not an origin such as https://app.example.com");
            }
        }
        return origins;
    }
}

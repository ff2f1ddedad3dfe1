package io.switchboard.client.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A tiny command-line parser: a mode, then {@code --name value} options and {@code --flag} switches. The SDK jar
 * ships in Android apps, so it carries no CLI library.
 */
final class Args {
    /** A usage error; the message says what is wrong. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    final String mode;
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private Args(String mode) {
        this.mode = mode;
    }

    /** Parses {@code args} against the options and flags a program knows. */
    static Args parse(String[] args, Set<String> options, Set<String> switches) {
        if (args.length == 0 || args[0].startsWith("-")) {
            throw new UsageException("the first argument must be a mode");
        }
        Args parsed = new Args(args[0]);
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (switches.contains(name) && value == null) {
                parsed.flags.add(name);
            } else if (options.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                parsed.values.put(name, value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return parsed;
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    int integer(String name, int fallback, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new UsageException("--" + name + " must be from " + min + " to " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    Duration duration(String name, Duration fallback) {
        String v = values.get(name);
        return v == null ? fallback : parseDuration(name, v);
    }

    /** {@code 250ms}, {@code 20s}, {@code 2m}, or a bare number of seconds. */
    static Duration parseDuration(String name, String v) {
        try {
            if (v.endsWith("ms")) {
                return positive(name, Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))));
            }
            if (v.endsWith("s")) {
                return positive(name, Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1))));
            }
            if (v.endsWith("m")) {
                return positive(name, Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1))));
            }
            return positive(name, Duration.ofSeconds(Long.parseLong(v)));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a duration such as 500ms, 20s or 2m, got '" + v + "'");
        }
    }

    private static Duration positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new UsageException("--" + name + " must be positive");
        }
        return d;
    }
}

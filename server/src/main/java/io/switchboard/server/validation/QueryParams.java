package io.switchboard.server.validation;

import io.switchboard.protocol.ProtocolException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

/**
 * The query parameters of a request, read with their defaults and bounds. A parameter that is absent or empty
 * takes its default; one out of bounds is refused as {@code invalid_field} naming the parameter, the same error
 * shape as a bad field of a body (see {@link JsonValue}).
 *
 * <p>Immutable; it only reads the parameters it wraps.
 */
public final class QueryParams {
    private final MultiMap params;

    private QueryParams(MultiMap params) {
        this.params = params;
    }

    /** The query parameters of a request, decoded. */
    public static QueryParams of(HttpServerRequest request) {
        return of(request.params());
    }

    /** Parameters already decoded. */
    static QueryParams of(MultiMap params) {
        return new QueryParams(params);
    }

    /** The parameter as sent, or null when absent. */
    public String text(String name) {
        return params.get(name);
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} when absent or empty. */
    public long wholeNumber(String name, long fallback, long min, long max) {
        String raw = params.get(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            long v = Long.parseLong(raw);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // refused below, as is a number out of bounds
        }
        throw invalid(name, FieldErrors.wholeNumberRule(min, max));
    }

    /** One of {@code values}, compared exactly; {@code fallback} when absent or empty. */
    public String oneOf(String name, String fallback, String... values) {
        String raw = params.get(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        for (String v : values) {
            if (v.equals(raw)) {
                return v;
            }
        }
        throw invalid(name, "must be one of " + String.join(", ", values));
    }

    /** An {@code invalid_field} refusal of a parameter for a rule of the caller's ("must be a next_cursor ..."). */
    public ProtocolException invalid(String name, String rule) {
        return FieldErrors.invalid(name, rule);
    }
}

package io.switchboard.server.validation;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.util.Arrays;

/** The refusals every read of a request shares, so a rule reads the same over HTTP and on a socket. */
final class FieldErrors {
    /** Longest field name echoed back: a client may send any name, and the reply should stay small. */
    static final int MAX_NAME_SHOWN = 64;

    private FieldErrors() {
    }

    /** {@code missing_field}: the field is absent (or JSON null where a value is required). */
    static ProtocolException missing(String field) {
        return new ProtocolException(ErrorCode.MISSING_FIELD, field + " is required", field);
    }

    /** {@code invalid_field}: the field breaks {@code rule}, a phrase such as "must be a string". */
    static ProtocolException invalid(String field, String rule) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, field + " " + rule, field);
    }

    /** {@code unknown_field}, listing the names that are allowed. */
    static ProtocolException unknown(String field, String[] allowed) {
        String[] sorted = allowed.clone();
        Arrays.sort(sorted);
        return new ProtocolException(ErrorCode.UNKNOWN_FIELD, "unknown field " + field + "; allowed: " + String.join(", ", sorted),
                field);
    }

    /** A name as shown in a path: cut to {@link #MAX_NAME_SHOWN} characters. */
    static String shown(String name) {
        return name.length() > MAX_NAME_SHOWN ? name.substring(0, MAX_NAME_SHOWN) : name;
    }

    /** The rule of a whole number from {@code min} to {@code max}, in words. */
    static String wholeNumberRule(long min, long max) {
        if (max == Long.MAX_VALUE && min == 0) {
            return "must be a whole number, 0 or more";
        }
        if (max == Long.MAX_VALUE && min == 1) {
            return "must be a whole number over 0";
        }
        return "must be a whole number from " + min + " to " + max;
    }
}

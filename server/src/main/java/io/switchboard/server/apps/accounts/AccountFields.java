package io.switchboard.server.apps.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation of the fields of the accounts routes; every refusal names its field. */
final class AccountFields {
    /** Shortest and longest username, after case folding. */
    static final int USERNAME_MIN = 3;
    static final int USERNAME_MAX = 32;
    /** Shortest and longest password, in characters (code points). */
    static final int PASSWORD_MIN = 8;
    static final int PASSWORD_MAX = 128;
    /** Longest first or last name, as in the users API. */
    static final int NAME_MAX = 150;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.-]{" + USERNAME_MIN + "," + USERNAME_MAX + "}");

    private AccountFields() {
    }

    /** Refuses any field of the body not in {@code allowed}. */
    static void onlyFields(ObjectNode body, Set<String> allowed) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                String shown = name.length() > 64 ? name.substring(0, 64) : name;
                throw new ProtocolException(ErrorCode.UNKNOWN_FIELD, "unknown field " + shown, shown);
            }
        }
    }

    /** The username, lower-cased (with the root locale, so that {@code I} folds to {@code i} everywhere). */
    static String username(ObjectNode body) {
        String raw = requiredText(body, "username");
        String folded = raw.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(folded).matches()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "username must be " + USERNAME_MIN + " to " + USERNAME_MAX
                    + " of a-z 0-9 _ . - (upper case is folded to lower case)", "username");
        }
        return folded;
    }

    /**
     * The password as sent (never trimmed). {@code minLength} is the policy for new passwords; a login checks only
     * the maximum, so that a later, stricter policy does not lock out old passwords.
     */
    static String password(ObjectNode body, int minLength) {
        String password = requiredText(body, "password");
        int length = password.codePointCount(0, password.length());
        if (length < Math.max(1, minLength) || length > PASSWORD_MAX) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "password must be " + Math.max(1, minLength) + " to "
                    + PASSWORD_MAX + " characters", "password");
        }
        return password;
    }

    /** An optional name, trimmed, at most {@link #NAME_MAX} characters; {@code fallback} when absent or null. */
    static String name(ObjectNode body, String field, String fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, field + " must be a string", field);
        }
        String text = value.textValue().strip();
        if (text.codePointCount(0, text.length()) > NAME_MAX) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, field + " must be at most " + NAME_MAX + " characters", field);
        }
        return text.isEmpty() ? fallback : text;
    }

    /** A required string field. */
    static String requiredText(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, field + " is required", field);
        }
        if (!value.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, field + " must be a string", field);
        }
        return value.textValue();
    }
}

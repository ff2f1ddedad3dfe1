package io.switchboard.server.apps.accounts;

import io.switchboard.server.validation.JsonFields;
import java.util.Locale;
import java.util.regex.Pattern;

/** The rules of the accounts routes' fields (read through {@link JsonFields}); every refusal names its field. */
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

    /** The username, lower-cased (with the root locale, so that {@code I} folds to {@code i} everywhere). */
    static String username(JsonFields body) {
        String folded = body.text("username").strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(folded).matches()) {
            throw body.get("username").invalid("must be " + USERNAME_MIN + " to " + USERNAME_MAX
                    + " of a-z 0-9 _ . - (upper case is folded to lower case)");
        }
        return folded;
    }

    /**
     * The password as sent (never trimmed). {@code minLength} is the policy for new passwords; a login checks only
     * the maximum, so that a later, stricter policy does not lock out old passwords.
     */
    static String password(JsonFields body, int minLength) {
        return body.text("password", Math.max(1, minLength), PASSWORD_MAX);
    }

    /** An optional name, trimmed, at most {@link #NAME_MAX} characters; {@code fallback} when absent, null or blank. */
    static String name(JsonFields body, String field, String fallback) {
        String text = body.optionalTrimmed(field, 0, NAME_MAX);
        return text == null || text.isEmpty() ? fallback : text;
    }
}

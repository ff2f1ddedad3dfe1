package io.switchboard.server.apps.users;

import io.switchboard.server.validation.JsonFields;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields a request sets, validated: only {@code first_name} and {@code last_name}, each a non-empty string
 * of at most 150 characters. A PATCH sets a subset; a POST must set both.
 *
 * @param fields column name to new value, in request order
 */
public record UserChanges(Map<String, String> fields) {
    /** The longest name accepted. */
    public static final int MAX_LENGTH = 150;
    /** The fields a request may set. */
    static final String[] FIELDS = {"first_name", "last_name"};

    /** Validates a body; {@code requireAll} for creation. */
    public static UserChanges from(JsonFields body, boolean requireAll) {
        Map<String, String> fields = new LinkedHashMap<>();
        // In the order sent, so that the first bad field is the one reported.
        for (Iterator<String> it = body.names(); it.hasNext(); ) {
            String name = it.next();
            fields.put(name, body.trimmed(name, 1, MAX_LENGTH));
        }
        if (requireAll) {
            for (String name : FIELDS) {
                if (!fields.containsKey(name)) {
                    fields.put(name, body.trimmed(name, 1, MAX_LENGTH));
                }
            }
        }
        return new UserChanges(Map.copyOf(fields));
    }

    /** Whether nothing is to change. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }
}

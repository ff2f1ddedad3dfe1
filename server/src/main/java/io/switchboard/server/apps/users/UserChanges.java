package io.switchboard.server.apps.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fields a request sets, validated: only {@code first_name} and {@code last_name}, each a non-empty string
 * of at most 150 characters. A PATCH sets a subset; a POST must set both.
 *
 * @param fields column name to new value, in request order
 */
public record UserChanges(Map<String, String> fields) {
    /** The longest name accepted. */
    public static final int MAX_LENGTH = 150;
    private static final Set<String> FIELDS = Set.of("first_name", "last_name");

    /** Validates a body; {@code requireAll} for creation. */
    public static UserChanges from(ObjectNode body, boolean requireAll) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (!FIELDS.contains(name)) {
                String shown = name.length() > 64 ? name.substring(0, 64) : name;
                throw new ProtocolException(ErrorCode.UNKNOWN_FIELD, "unknown field " + shown
                        + "; a user has first_name and last_name", shown);
            }
            fields.put(name, text(name, e.getValue()));
        }
        if (requireAll) {
            for (String name : new String[] {"first_name", "last_name"}) {
                if (!fields.containsKey(name)) {
                    throw new ProtocolException(ErrorCode.MISSING_FIELD, name + " is required", name);
                }
            }
        }
        return new UserChanges(Map.copyOf(fields));
    }

    private static String text(String name, JsonNode value) {
        if (value == null || value.isNull()) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, name + " must not be null", name);
        }
        if (!value.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, name + " must be a string", name);
        }
        String text = value.textValue().strip();
        if (text.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, name + " must not be empty", name);
        }
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, name + " must be at most " + MAX_LENGTH + " characters", name);
        }
        return text;
    }

    /** Whether nothing is to change. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }
}

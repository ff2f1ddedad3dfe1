package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validation every social request shares, for REST bodies and socket {@code data} alike: {@code prefix} is
 * "" for a REST body and "data." on a socket, so an error's {@code field} names the field as the client sent it.
 */
final class Fields {
    /** The longest post, comment or message. */
    static final int MAX_CONTENT = 5000;
    /** The longest conversation title. */
    static final int MAX_TITLE = 200;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private Fields() {
    }

    /** The id of the signed-in user: social routes need a token whose subject is a user id of {@code /api/users/}. */
    static long caller(String subject) {
        long id = positive(subject);
        if (id <= 0) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "the token's subject is not a user id; "
                    + "social features need a token for a user of /api/users/");
        }
        return id;
    }

    /** A decimal id over 0, or -1 when the text is not one. */
    static long positive(String text) {
        if (text == null || text.isEmpty() || text.length() > 18) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        long id = Long.parseLong(text);
        return id > 0 ? id : -1;
    }

    /** Fails with {@code bad_json} unless {@code body} is an object, and {@code unknown_field} for a field not allowed. */
    static JsonNode object(JsonNode body, String prefix, Set<String> allowed) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, (prefix.isEmpty() ? "body" : "data") + " is required",
                    prefix.isEmpty() ? null : "data");
        }
        if (!body.isObject()) {
            throw new ProtocolException(prefix.isEmpty() ? ErrorCode.BAD_JSON : ErrorCode.INVALID_FIELD,
                    (prefix.isEmpty() ? "the body" : "data") + " must be a JSON object", prefix.isEmpty() ? null : "data");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                String shown = name.length() > 64 ? name.substring(0, 64) : name;
                throw new ProtocolException(ErrorCode.UNKNOWN_FIELD, "unknown field " + prefix + shown
                        + "; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)), prefix + shown);
            }
        }
        return body;
    }

    /** A required text of 1 to {@code max} characters, stripped of surrounding white space. */
    static String text(JsonNode body, String name, String prefix, int max) {
        String value = optionalText(body, name, prefix, max);
        if (value == null) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, prefix + name + " is required", prefix + name);
        }
        return value;
    }

    /** An optional text of 1 to {@code max} characters, stripped; null when absent or null. */
    static String optionalText(JsonNode body, String name, String prefix, int max) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, prefix + name + " must be a string", prefix + name);
        }
        String value = node.textValue().strip();
        int length = value.codePointCount(0, value.length());
        if (length == 0 || length > max) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, prefix + name + " must have 1 to " + max + " characters",
                    prefix + name);
        }
        return value;
    }

    /** The optional {@code client_id}: 1 to 64 of {@code A-Z a-z 0-9 _ . : -}; null when absent. */
    static String clientId(JsonNode body, String prefix) {
        JsonNode node = body.get("client_id");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !CLIENT_ID.matcher(node.textValue()).matches()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    prefix + "client_id must be 1 to 64 of A-Z a-z 0-9 _ . : -", prefix + "client_id");
        }
        return node.textValue();
    }

    /** A required id: a whole number over 0. */
    static long id(JsonNode body, String name, String prefix) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, prefix + name + " is required", prefix + name);
        }
        return id(node, prefix + name);
    }

    /** A node that must be a whole number over 0; {@code field} names it in the error. */
    static long id(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() <= 0) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, field + " must be a whole number over 0", field);
        }
        return node.longValue();
    }

    /** A required boolean. */
    static boolean bool(JsonNode body, String name, String prefix) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, prefix + name + " is required", prefix + name);
        }
        if (!node.isBoolean()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, prefix + name + " must be true or false", prefix + name);
        }
        return node.booleanValue();
    }
}

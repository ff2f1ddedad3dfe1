package io.switchboard.server.apps.social;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.validation.JsonFields;
import java.util.regex.Pattern;

/**
 * The rules of social fields, for REST bodies and socket {@code data} alike (both read through
 * {@link JsonFields}, which names a field as the client sent it): lengths, the caller's id, {@code client_id}.
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

    /** The required {@code content} of a post, comment or message: 1 to {@link #MAX_CONTENT} characters, stripped. */
    static String content(JsonFields fields) {
        return fields.trimmed("content", 1, MAX_CONTENT);
    }

    /** The optional {@code client_id}: 1 to 64 of {@code A-Z a-z 0-9 _ . : -}; null when absent. */
    static String clientId(JsonFields fields) {
        String id = fields.optionalText("client_id", 1, 64);
        if (id != null && !CLIENT_ID.matcher(id).matches()) {
            throw fields.get("client_id").invalid("must be 1 to 64 of A-Z a-z 0-9 _ . : -");
        }
        return id;
    }
}

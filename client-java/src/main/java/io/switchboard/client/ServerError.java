package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.ErrorCode;

/** The server refused one message: its {@code error} object {@code {code, message, field, temporary}}. Immutable. */
public final class ServerError {
    private final String code;
    private final String message;
    private final String field;
    private final boolean temporary;

    /** An error as the server sent it; {@code field} may be null. */
    public ServerError(String code, String message, String field, boolean temporary) {
        this.code = code;
        this.message = message;
        this.field = field;
        this.temporary = temporary;
    }

    /** The error object of an {@code error} frame. */
    static ServerError from(JsonNode error) {
        return new ServerError(error.path("code").asText("unknown"), error.path("message").asText(""),
                error.hasNonNull("field") ? error.get("field").asText() : null, error.path("temporary").asBoolean(false));
    }

    /** The code on the wire, such as {@code invalid_field}. */
    public String code() {
        return code;
    }

    /** The code as the protocol's enum, or null for a code this SDK does not know. */
    public ErrorCode errorCode() {
        return ErrorCode.fromWire(code);
    }

    /** A sentence for humans. */
    public String message() {
        return message;
    }

    /** The field at fault, such as {@code data.latitude}, or null. */
    public String field() {
        return field;
    }

    /** Whether sending the same message again later may succeed (the client then keeps it and retries). */
    public boolean temporary() {
        return temporary;
    }

    @Override
    public String toString() {
        return code + (field == null ? "" : " (" + field + ")") + ": " + message + (temporary ? " [temporary]" : "");
    }
}

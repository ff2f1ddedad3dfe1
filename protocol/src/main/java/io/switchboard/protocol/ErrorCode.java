package io.switchboard.protocol;

/**
 * Reply error codes: each answers one request and the connection lives on.
 *
 * <p>The wire form is {@link #wire()}, a lower-case string. {@link #temporary()} tells a client whether the
 * same request may succeed if simply retried later. The HTTP status is used when the same error answers a
 * REST call.
 */
public enum ErrorCode {
    /** The frame or body is not valid JSON, or not a JSON object. */
    BAD_JSON("bad_json", 400, false),
    /**
     * On a socket of the binary protocol ({@code switchboard.msgpack}): the frame is not one MessagePack map of
     * protocol version 1, or it is a text frame.
     */
    BAD_MSGPACK("bad_msgpack", 400, false),
    /** The envelope's {@code type} has no handler. */
    UNKNOWN_TYPE("unknown_type", 400, false),
    /** A required field is absent; {@code field} names it. */
    MISSING_FIELD("missing_field", 400, false),
    /** A field has the wrong type, format or range; {@code field} names it. */
    INVALID_FIELD("invalid_field", 400, false),
    /** A field that the request does not know; {@code field} names it. */
    UNKNOWN_FIELD("unknown_field", 400, false),
    /** The frame or body is larger than the configured limit. */
    TOO_LARGE("too_large", 413, false),
    /** No valid credentials were given. */
    UNAUTHORIZED("unauthorized", 401, false),
    /** The credentials are valid but do not allow this. */
    FORBIDDEN("forbidden", 403, false),
    /** The resource does not exist. */
    NOT_FOUND("not_found", 404, false),
    /** The server API has no method of this name ({@code POST /api/<method>}, or a command of a batch). */
    UNKNOWN_METHOD("unknown_method", 404, false),
    /** The HTTP method is not allowed on this path. */
    METHOD_NOT_ALLOWED("method_not_allowed", 405, false),
    /** The request's content type is not {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, false),
    /** A precondition such as {@code If-Match} failed. */
    PRECONDITION_FAILED("precondition_failed", 412, false),
    /** The request conflicts with the current state. */
    CONFLICT("conflict", 409, false),
    /** Too many requests: slow down and retry. */
    RATE_LIMITED("rate_limited", 429, true),
    /** A dependency (database, broker) is unavailable: retry later. */
    UNAVAILABLE("unavailable", 503, true),
    /** The server's storage is full: nothing was stored; retry later, once space has been freed. */
    STORAGE_FULL("storage_full", 503, true),
    /** An unexpected server error: retry later. */
    INTERNAL("internal", 500, true);

    private final String wire;
    private final int httpStatus;
    private final boolean temporary;

    ErrorCode(String wire, int httpStatus, boolean temporary) {
        this.wire = wire;
        this.httpStatus = httpStatus;
        this.temporary = temporary;
    }

    /** The code as written on the wire. */
    public String wire() {
        return wire;
    }

    /** The HTTP status used when this error answers a REST request. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether retrying the same request later may succeed. */
    public boolean temporary() {
        return temporary;
    }

    /** The code for a wire string, or {@code null} when unknown. */
    public static ErrorCode fromWire(String wire) {
        for (ErrorCode code : values()) {
            if (code.wire.equals(wire)) {
                return code;
            }
        }
        return null;
    }
}

package io.switchboard.server.socketio;

import io.switchboard.protocol.Json;

/**
 * The Engine.IO v4 error answers to an HTTP request, {@code {"code": n, "message": …}} with the status the reference
 * server gives. Clients show the message; the code says what to fix.
 */
enum EngineError {
    UNKNOWN_TRANSPORT(0, 400, "Transport unknown"),
    UNKNOWN_SID(1, 400, "Session ID unknown"),
    BAD_HANDSHAKE_METHOD(2, 400, "Bad handshake method"),
    BAD_REQUEST(3, 400, "Bad request"),
    FORBIDDEN(4, 403, "Forbidden"),
    UNSUPPORTED_PROTOCOL_VERSION(5, 400, "Unsupported protocol version"),
    /** Not one of the reference server's codes: its 413 has no body, ours says what the limit is. */
    PAYLOAD_TOO_LARGE(3, 413, "Payload too large"),
    /** The node is shutting down or full. */
    UNAVAILABLE(3, 503, "Service unavailable");

    final int code;
    final int status;
    final String message;

    EngineError(int code, int status, String message) {
        this.code = code;
        this.status = status;
        this.message = message;
    }

    /** The JSON body; {@code detail}, when given, follows the standard message after a colon. */
    String body(String detail) {
        return Json.write(Json.object().put("code", code).put("message", detail == null ? message : message + ": " + detail));
    }
}

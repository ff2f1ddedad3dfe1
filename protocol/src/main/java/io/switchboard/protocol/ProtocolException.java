package io.switchboard.protocol;

/**
 * A request was refused: carries the reply {@link ErrorCode} and, when one field is to blame, its name.
 *
 * <p>This is the one unchecked exception the server maps to an {@code error} frame or a JSON error body.
 */
public class ProtocolException extends RuntimeException {
    private final ErrorCode code;
    private final String field;

    /** A refusal with a code, a human-readable message and the field at fault (may be null). */
    public ProtocolException(ErrorCode code, String message, String field) {
        super(message, null, false, false);
        this.code = code;
        this.field = field;
    }

    /** A refusal caused by another failure (kept for logs, never sent to the client). */
    public ProtocolException(ErrorCode code, String message, String field, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.field = field;
    }

    /** A refusal not tied to one field. */
    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** The reply error code. */
    public ErrorCode code() {
        return code;
    }

    /** The field at fault, or null. */
    public String field() {
        return field;
    }

    /**
     * The code as written on the wire: {@link ErrorCode#wire()}, or for a refusal decided elsewhere (a backend hook's
     * own code) that code, which a subclass returns.
     */
    public String wireCode() {
        return code.wire();
    }

    /** Whether the same request may succeed later: the code's {@link ErrorCode#temporary()} unless a subclass says. */
    public boolean temporary() {
        return code.temporary();
    }
}

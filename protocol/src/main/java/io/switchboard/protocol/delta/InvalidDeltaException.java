package io.switchboard.protocol.delta;

/** A Fossil delta that cannot be applied to the source at hand: malformed, or made from another source. */
public final class InvalidDeltaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A delta refused for {@code reason}. */
    public InvalidDeltaException(String reason) {
        super("invalid delta: " + reason);
    }
}

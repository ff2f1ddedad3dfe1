package io.switchboard.client;

/** The one unchecked base exception of the SDK; subclasses name what failed. */
public class SwitchboardClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message. */
    public SwitchboardClientException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public SwitchboardClientException(String message, Throwable cause) {
        super(message, cause);
    }
}

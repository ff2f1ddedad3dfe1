package io.switchboard.client.realtime;

import io.switchboard.client.ServerError;
import io.switchboard.client.SwitchboardClientException;

/** The server answered a request with an {@code error} frame; {@link #error()} says why and whether to retry. */
public final class RequestFailedException extends SwitchboardClientException {
    private static final long serialVersionUID = 1L;
    private final transient ServerError error;

    /** A refusal of a request of type {@code type}. */
    public RequestFailedException(String type, ServerError error) {
        super(type + " refused: " + error);
        this.error = error;
    }

    /** The server's error: code, message, field, temporary. */
    public ServerError error() {
        return error;
    }
}

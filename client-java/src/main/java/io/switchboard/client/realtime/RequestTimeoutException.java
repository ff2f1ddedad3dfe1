package io.switchboard.client.realtime;

import io.switchboard.client.SwitchboardClientException;

/** A request got no answer within its timeout (waiting for a connection included). */
public final class RequestTimeoutException extends SwitchboardClientException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message. */
    public RequestTimeoutException(String message) {
        super(message);
    }
}

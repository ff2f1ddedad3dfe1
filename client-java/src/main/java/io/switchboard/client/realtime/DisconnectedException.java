package io.switchboard.client.realtime;

import io.switchboard.client.SwitchboardClientException;

/**
 * A request was not answered because the connection ended first (the socket dropped after it was sent, or the app
 * disconnected). Whether the server acted on it is unknown: a publish may have gone through. Requests only queued,
 * not yet sent, wait for the next connection instead.
 */
public final class DisconnectedException extends SwitchboardClientException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message. */
    public DisconnectedException(String message) {
        super(message);
    }
}

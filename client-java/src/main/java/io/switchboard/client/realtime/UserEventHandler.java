package io.switchboard.client.realtime;

/** Handles the user's events of one type. Called on the client's thread, in sequence order: do not block. */
@FunctionalInterface
public interface UserEventHandler {
    /**
     * One event. When every handler has returned (or thrown: reported to {@link RealtimeListener#onHandlerError}), the
     * event counts as processed: the client acks it and never hands it over again, across reconnects.
     */
    void onEvent(UserEvent event);
}

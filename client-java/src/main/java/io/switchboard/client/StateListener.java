package io.switchboard.client;

/** Told each time the client's {@link ConnectionState} changes. Runs on the client's thread: do not block. */
@FunctionalInterface
public interface StateListener {
    /** The state went from {@code previous} to {@code current}. */
    void onStateChanged(ConnectionState previous, ConnectionState current);
}

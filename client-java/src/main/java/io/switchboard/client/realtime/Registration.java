package io.switchboard.client.realtime;

/** A handler's registration; {@link #remove()} stops it (calling it twice is harmless). */
@FunctionalInterface
public interface Registration {
    /** Removes exactly the handler this registration added. */
    void remove();
}

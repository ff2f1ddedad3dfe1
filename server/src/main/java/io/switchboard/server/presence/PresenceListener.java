package io.switchboard.server.presence;

/** Hears a user go online (their first session opened) or offline (their last session closed). */
@FunctionalInterface
public interface PresenceListener {
    /** Called on the thread that recorded the transition: do not block. */
    void changed(String userId, boolean online);
}

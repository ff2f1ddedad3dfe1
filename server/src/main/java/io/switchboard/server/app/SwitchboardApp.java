package io.switchboard.server.app;

/**
 * An application on the engine: it mounts its REST routes, socket endpoints, message handlers and channel
 * authorizers when the server starts. The engine never imports an app; the launcher lists them.
 */
public interface SwitchboardApp {
    /** A short name for logs. */
    String name();

    /** Mounts the app. Called once, off the event loops, before the server listens. */
    void mount(AppContext context);
}

package io.switchboard.server.app;

import java.util.List;

/**
 * An application on the engine: it mounts its REST routes, socket endpoints, message handlers and channel
 * authorizers when the server starts. The engine never imports an app; the launcher lists them.
 */
public interface SwitchboardApp {
    /** A short name for logs. */
    String name();

    /**
     * The settings only this app reads, which it validates when it mounts; the node refuses a setting that neither
     * the engine nor an installed app declares. None by default.
     */
    default List<String> settingKeys() {
        return List.of();
    }

    /** Mounts the app. Called once, off the event loops, before the server listens. */
    void mount(AppContext context);
}

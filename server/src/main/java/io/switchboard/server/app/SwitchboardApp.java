package io.switchboard.server.app;

import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import java.util.List;

/**
 * An application on the engine: it mounts its REST routes, socket endpoints, message handlers and channel
 * authorizers when the server starts. The engine never imports an app; the launcher lists them.
 */
public interface SwitchboardApp {
    /** A short name for logs. */
    String name();

    /**
     * The settings only this app reads, each with its default and meaning ({@code switchboard config print} lists
     * them); the node refuses a setting that neither the engine nor an installed app declares. None by default.
     */
    default List<SettingKey> declaredSettings() {
        return List.of();
    }

    /** The names of {@link #declaredSettings()}. */
    default List<String> settingKeys() {
        return SettingKey.names(declaredSettings());
    }

    /**
     * Validates this app's settings, throwing {@link io.switchboard.server.config.InvalidSettingException} naming a
     * bad one: the node calls it before it opens anything, so a typo stops the start at once. Nothing by default.
     */
    default void checkSettings(SettingValues settings) {
    }

    /** Mounts the app. Called once, off the event loops, before the server listens. */
    void mount(AppContext context);
}

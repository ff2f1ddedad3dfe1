package io.switchboard.server.admin;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import java.util.List;

/**
 * Whether the node serves the admin console, and its password.
 *
 * @param enabled  whether {@code /admin} exists at all (off: every admin path answers 404)
 * @param password the console's password; null: generated into the data directory (development mode only)
 */
public record AdminSettings(boolean enabled, String password) {
    /** The shortest password accepted: the console can disconnect users and publish to any channel. */
    public static final int MIN_PASSWORD = 16;

    /** The settings this record reads, with their defaults and meanings. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("admin", "false", "serve the admin console at /admin (nodes, channels, presence, a user's "
                    + "connections, publish, live charts); off: /admin answers 404"),
            new SettingKey("admin-password", null, "the admin console's password, at least " + MIN_PASSWORD
                    + " characters, never the API key; unset: generated into data-dir/admin-password in development "
                    + "mode, required in production"));

    /** Reads and validates its keys; throws {@link InvalidSettingException} naming the first bad one. */
    public static AdminSettings from(SettingValues v, boolean devMode) {
        boolean enabled = v.bool("admin", false);
        String password = v.string("admin-password", null);
        if (password != null && password.length() < MIN_PASSWORD) {
            throw new InvalidSettingException("admin-password", "must be at least " + MIN_PASSWORD + " characters");
        }
        if (enabled && !devMode && password == null) {
            throw new InvalidSettingException("admin-password", "must be set to enable the admin console in production "
                    + "(dev=false), e.g. SWITCHBOARD_ADMIN_PASSWORD=$(openssl rand -base64 24); it is not the API key");
        }
        return new AdminSettings(enabled, password);
    }

    @Override
    public String toString() {
        return "AdminSettings[enabled=" + enabled + ", password=" + (password == null ? "generated" : "set") + "]";
    }
}

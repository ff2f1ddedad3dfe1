package io.switchboard.server.config;

/** A setting has a value the server cannot start with; the message is one line naming the setting. */
public final class InvalidSettingException extends RuntimeException {
    private final String setting;

    /** A refusal of {@code setting} with a reason. */
    public InvalidSettingException(String setting, String reason) {
        super("invalid setting '" + setting + "': " + reason);
        this.setting = setting;
    }

    /** The setting's name, as written in the config file. */
    public String setting() {
        return setting;
    }
}

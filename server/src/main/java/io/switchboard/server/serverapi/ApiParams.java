package io.switchboard.server.serverapi;

import io.switchboard.server.channel.ChannelName;
import io.switchboard.server.validation.JsonFields;
import io.switchboard.server.validation.JsonValue;

/** Reads the parameters the server API's methods share, with the same rules everywhere. */
final class ApiParams {
    /** The longest user id accepted. */
    static final int MAX_USER = 256;

    private ApiParams() {
    }

    /** A required channel name, {@code namespace:name}. */
    static ChannelName channel(JsonFields params, String name) {
        JsonValue v = params.get(name);
        return ChannelName.parse(v.text(), v.path());
    }

    /** A required user id, 1 to {@link #MAX_USER} characters. */
    static String user(JsonFields params) {
        return params.text("user", 1, MAX_USER);
    }
}

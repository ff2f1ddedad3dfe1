package io.switchboard.server.channel;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Who may publish to the channels of a namespace ({@code namespace.<ns>.publish}). */
public enum PublishRule {
    /** A client that may subscribe to the channel (for {@link SubscribeRule#TOKEN}: one subscribed with a token), and the backend. */
    CLIENTS,
    /** Only the backend: the server API and the server's own code. A client's {@code publish} is {@code forbidden}. */
    BACKEND;

    /** The value as written in the configuration. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rule written as {@code value}, or null when there is none of that name. */
    public static PublishRule parse(String value) {
        return Arrays.stream(values()).filter(r -> r.wire().equals(value)).findFirst().orElse(null);
    }

    /** The values, as a list for messages. */
    public static String choices() {
        return Arrays.stream(values()).map(PublishRule::wire).collect(Collectors.joining(", "));
    }
}

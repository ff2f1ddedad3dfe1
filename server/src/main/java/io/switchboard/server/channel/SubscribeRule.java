package io.switchboard.server.channel;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Who may subscribe to the channels of a namespace ({@code namespace.<ns>.subscribe}). */
public enum SubscribeRule {
    /** Every connected client. */
    ANYONE,
    /** Every client with a user id. */
    AUTHENTICATED,
    /** Only the user named by the channel: its name, or the name's first {@code :}-part ({@code user:alice:inbox}). */
    OWNER,
    /** Only a client that shows a subscription token for the channel, signed by the backend. */
    TOKEN,
    /** No client: the namespace is for the server's own subscriptions. */
    NONE;

    /** The value as written in the configuration. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rule written as {@code value}, or null when there is none of that name. */
    public static SubscribeRule parse(String value) {
        return Arrays.stream(values()).filter(r -> r.wire().equals(value)).findFirst().orElse(null);
    }

    /** The values, as a list for messages: {@code anyone, authenticated, …}. */
    public static String choices() {
        return Arrays.stream(values()).map(SubscribeRule::wire).collect(Collectors.joining(", "));
    }
}

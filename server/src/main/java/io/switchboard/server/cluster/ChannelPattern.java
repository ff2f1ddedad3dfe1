package io.switchboard.server.cluster;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/** A channel-name pattern where {@code *} stands for any characters (none included) and every other one for itself. */
public final class ChannelPattern {
    /** The longest pattern accepted. */
    public static final int MAX_LENGTH = 200;

    private ChannelPattern() {
    }

    /** The names {@code glob} matches; every name when {@code glob} is null or empty. */
    public static Predicate<String> of(String glob) {
        if (glob == null || glob.isEmpty() || glob.equals("*")) {
            return name -> true;
        }
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        Pattern p = Pattern.compile(regex.toString());
        return name -> p.matcher(name).matches();
    }
}

package io.switchboard.server.inbox;

import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import java.time.Duration;
import java.util.List;

/**
 * How the inbox redelivers and keeps user events.
 *
 * @param redeliverAfter a user event pushed but not acked for this long is pushed again
 * @param retention      user events are kept this long after they were due, delivered or not
 */
public record InboxSettings(Duration redeliverAfter, Duration retention) {

    /** The settings this record reads, with their defaults and meanings. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("inbox-redeliver-after", "30s", "a user event pushed and not acked for this long is pushed again"),
            new SettingKey("inbox-retention", "7d", "user events are deleted this long after they were due, delivered or not"));

    /** The names of {@link #DECLARED}. */
    public static final List<String> KEYS = SettingKey.names(DECLARED);

    /** Reads and validates its keys; throws {@link io.switchboard.server.config.InvalidSettingException} naming a bad one. */
    public static InboxSettings from(SettingValues v) {
        return new InboxSettings(v.duration("inbox-redeliver-after", Duration.ofSeconds(30), Duration.ofMillis(100)),
                v.duration("inbox-retention", Duration.ofDays(7), Duration.ofSeconds(1)));
    }
}

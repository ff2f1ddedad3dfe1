package io.switchboard.server.inbox;

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

    /** The settings this record reads. */
    public static final List<String> KEYS = List.of("inbox-redeliver-after", "inbox-retention");

    /** Reads and validates its keys; throws {@link io.switchboard.server.config.InvalidSettingException} naming a bad one. */
    public static InboxSettings from(SettingValues v) {
        return new InboxSettings(v.duration("inbox-redeliver-after", Duration.ofSeconds(30), Duration.ofMillis(100)),
                v.duration("inbox-retention", Duration.ofDays(7), Duration.ofSeconds(1)));
    }
}

package io.switchboard.server.apps.social;

import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import java.time.Duration;
import java.util.List;

/**
 * The social app's settings.
 *
 * @param typingThrottle a repeated {@code is_typing: true} is forwarded at most once in this time
 * @param typingTimeout  typing stops by itself this long after the last {@code is_typing: true}
 */
public record SocialSettings(Duration typingThrottle, Duration typingTimeout) {

    /** The settings this record reads, with their defaults and meanings. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("typing-throttle", "2s", "a repeated typing true is forwarded at most once in this time per user and conversation"),
            new SettingKey("typing-timeout", "5s", "typing stops by itself (is_typing false is sent) this long after the last typing true; at least 100ms"));

    /** The names of {@link #DECLARED}. */
    public static final List<String> KEYS = SettingKey.names(DECLARED);

    /** Reads and validates its keys; throws {@link io.switchboard.server.config.InvalidSettingException} naming a bad one. */
    public static SocialSettings from(SettingValues v) {
        return new SocialSettings(v.duration("typing-throttle", Duration.ofSeconds(2), Duration.ZERO),
                v.duration("typing-timeout", Duration.ofSeconds(5), Duration.ofMillis(100)));
    }
}

package io.switchboard.server.auth;

import java.time.Instant;

/**
 * What a verified subscription token grants: one user, one channel or the channels a pattern covers, until a time.
 *
 * @param userId    the token's {@code sub}: only this user's sessions may use it
 * @param channel   the token's {@code channel} claim: a channel's name, or a prefix followed by {@code *}
 * @param expiresAt the token's {@code exp}
 */
public record SubscriptionGrant(String userId, String channel, Instant expiresAt) {
    /** Whether the grant names {@code name}, exactly or as a pattern ending in {@code *} that it starts with. */
    public boolean covers(String name) {
        if (channel.endsWith("*")) {
            return name.startsWith(channel.substring(0, channel.length() - 1));
        }
        return channel.equals(name);
    }
}

package io.switchboard.server.auth;

import java.time.Instant;

/**
 * Who is on the other end of a connection or request.
 *
 * @param userId    the token's subject
 * @param expiresAt when the credentials stop being valid, or null when they do not expire
 */
public record Principal(String userId, Instant expiresAt) {
}

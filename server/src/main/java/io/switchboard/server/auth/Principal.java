package io.switchboard.server.auth;

import java.time.Instant;
import java.util.Set;

/**
 * Who is on the other end of a connection or request.
 *
 * @param userId    the token's subject
 * @param expiresAt when the credentials stop being valid, or null when they do not expire
 * @param roles     the token's {@code roles} claim; {@link #ADMIN} may change what other users own
 */
public record Principal(String userId, Instant expiresAt, Set<String> roles) {
    /** The role that may change and delete any user's records, not only its own. */
    public static final String ADMIN = "admin";

    /** A principal without roles. */
    public Principal(String userId, Instant expiresAt) {
        this(userId, expiresAt, Set.of());
    }

    /** Copies the roles, so that the principal stays immutable. */
    public Principal {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** Whether this principal has the {@link #ADMIN} role. */
    public boolean admin() {
        return roles.contains(ADMIN);
    }

    /** Whether this principal may change or delete what {@code ownerId} owns: its own, or anything as an admin. */
    public boolean mayChange(String ownerId) {
        return admin() || userId.equals(ownerId);
    }
}

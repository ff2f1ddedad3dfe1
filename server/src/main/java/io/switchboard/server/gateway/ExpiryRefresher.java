package io.switchboard.server.gateway;

import io.switchboard.server.auth.Principal;
import io.vertx.core.Future;

/**
 * Asked by the gateway, on the session's event loop, when a session's credentials expire, whether it may go on.
 * A session the refresher does not take is closed with 4002 at once.
 */
@FunctionalInterface
public interface ExpiryRefresher {
    /**
     * Null when this session is not refreshed this way; else a future of the session's next principal (same user, a later
     * expiry, or none). A principal already expired closes the session with 4002; a failure closes it with 1013 unless
     * the refresher closed it already with a code of its own.
     */
    Future<Principal> refresh(Session session);
}

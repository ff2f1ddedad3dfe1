package io.switchboard.server.channel;

import io.switchboard.server.auth.Principal;
import io.vertx.core.Future;

/**
 * An app's own check on a channel of a namespace it declares ({@link ChannelPolicy#declare(Namespace.Builder,
 * ChannelAuthorizer)}), for what the namespace's options cannot say (a membership looked up in its database). Asked
 * only after the namespace's rules allowed: for a subscribe, and for a client's publish where clients publish.
 *
 * <p>Called on an event loop: answer at once, or return a future completed by work done elsewhere (a
 * database lookup through the store's worker pool).
 */
@FunctionalInterface
public interface ChannelAuthorizer {
    /** Whether {@code principal} may perform {@code action} on {@code channel}. */
    Future<Boolean> authorize(Principal principal, ChannelName channel, ChannelAction action);

    /** Everyone authenticated may do anything. */
    static ChannelAuthorizer allowAll() {
        return (p, c, a) -> Future.succeededFuture(true);
    }

    /** Only the user whose id is the channel's name ({@code user:<id>}). */
    static ChannelAuthorizer ownerOnly() {
        return (p, c, a) -> Future.succeededFuture(p.userId().equals(c.name()));
    }
}

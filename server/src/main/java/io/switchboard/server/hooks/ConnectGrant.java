package io.switchboard.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.server.auth.Principal;

/**
 * The connect hook let a client in.
 *
 * @param principal   who it is: the token's user, or the user the backend named for a client without one (with the
 *                    backend's {@code expire_at}, if any)
 * @param info        what the backend said about the connection ({@code info}), or null
 * @param headers     the client's headers passed on to the later hooks
 * @param refreshable whether the refresh hook is asked when the connection expires (the backend gave the expiry)
 */
public record ConnectGrant(Principal principal, JsonNode info, ClientHeaders headers, boolean refreshable) {
}

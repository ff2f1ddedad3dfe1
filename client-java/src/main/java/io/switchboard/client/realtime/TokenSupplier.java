package io.switchboard.client.realtime;

/**
 * Gives the client an access token (a JWT): on every connect, and before the current token expires (read from its
 * {@code exp} claim), so that a long session is refreshed with {@code refresh_token} instead of being closed with 4002.
 * Called on a background thread, never on the client's own thread, so it may block (for example on a call to the
 * app's backend). Returning null or empty means "no token": the client stops with {@link RealtimeState#AUTH_FAILED}.
 */
@FunctionalInterface
public interface TokenSupplier {
    /** A current access token, or null when there is none. */
    String token() throws Exception;
}

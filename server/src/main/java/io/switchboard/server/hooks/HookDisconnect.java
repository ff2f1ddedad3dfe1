package io.switchboard.server.hooks;

/**
 * The backend asked to end the client's connection with a close code of its own (4000–4999: a client reconnects
 * after 4100–4999 and not after 4000–4099, as after the server's own codes).
 *
 * @param code   the close code
 * @param reason the close reason, at most 123 bytes of UTF-8
 */
public record HookDisconnect(int code, String reason) {
}

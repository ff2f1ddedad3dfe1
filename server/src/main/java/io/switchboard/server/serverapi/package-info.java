/**
 * The server API: {@code POST /api/<method>} with the API key, for a backend in any language to drive the
 * deployment (publish and broadcast, presence, history, the active channels, node info, a user's connections,
 * unsubscribe and disconnect, and a batch of any of them). The methods answer for the whole deployment through the
 * engine's cross-node parts ({@code cluster}, {@code presence}, the broker's history); this package only reads the
 * requests and writes the answers.
 */
package io.switchboard.server.serverapi;

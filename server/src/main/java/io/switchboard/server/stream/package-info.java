/**
 * The native protocol over plain HTTP, for networks that break WebSockets: a long-lived response carries the frames a
 * {@code /ws} client would get ({@code GET /connection/sse} as Server-Sent Events, {@code POST /connection/stream} as
 * newline-delimited JSON), and the client's messages come as {@code POST /connection/command}, which any node takes
 * and forwards to the node holding the session. The session is the gateway's own: same authentication, limits,
 * subscriptions, recovery and outbound path as a WebSocket.
 */
package io.switchboard.server.stream;

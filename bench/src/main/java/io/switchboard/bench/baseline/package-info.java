/**
 * The benchmark's baseline (issue 12): a minimal Netty WebSocket server that speaks just enough of Switchboard's
 * envelope protocol for the {@code fanout} load generator, and does fan-out the cheapest way the JVM allows, so
 * that the server's CPU per delivery has a yardstick measured in the same run on the same machine. It also serves
 * per-user sockets and transient pushes to them ({@code inbox --mode push}), sent the same way.
 */
package io.switchboard.bench.baseline;

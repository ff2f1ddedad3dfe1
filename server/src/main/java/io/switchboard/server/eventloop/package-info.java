/**
 * Event-loop contexts that an owner (a Redis connection, a broker lane) keeps for itself; the only place that
 * reaches into Vert.x internals, so that a Vert.x upgrade that moves them breaks one class.
 */
package io.switchboard.server.eventloop;

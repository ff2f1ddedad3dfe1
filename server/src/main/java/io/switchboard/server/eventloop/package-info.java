/**
 * Event-loop contexts that an owner (a Redis connection, a broker lane) keeps for itself, and the few hooks into a
 * connection that Vert.x has no option for (its Netty pipeline, its request decoder), and batches of tasks per event
 * loop ({@link io.switchboard.server.eventloop.LoopBatches}); the only place that reaches
 * into Vert.x internals, so that a Vert.x upgrade that moves them breaks one package.
 */
package io.switchboard.server.eventloop;

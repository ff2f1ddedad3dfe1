/**
 * The node-to-node control channel: a question asked of every node of the deployment (this one included) and the
 * answers that come back within a bounded wait. The server API uses it for what only the node holding a socket can
 * answer or do: a channel's subscribers, a user's connections, unsubscribing and disconnecting a user.
 */
package io.switchboard.server.control;

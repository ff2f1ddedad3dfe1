/**
 * What the deployment's nodes answer or do together, asked over the {@link io.switchboard.server.control control}
 * channel: the active channels with their subscriber counts, each node's figures, and a user's connections, which the
 * backend may unsubscribe from a channel or disconnect wherever they are.
 */
package io.switchboard.server.cluster;

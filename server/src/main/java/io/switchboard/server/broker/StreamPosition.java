package io.switchboard.server.broker;

/**
 * A place in a channel's history: the stream's {@code epoch} and an {@code offset} in it. Offsets count a
 * channel's publications 1, 2, 3… within one epoch; a new epoch starts when the history was lost.
 *
 * @param epoch  the history's epoch
 * @param offset the offset of the latest publication, 0 before the first
 */
public record StreamPosition(String epoch, long offset) {
}

package io.switchboard.server.broker;

import java.util.List;

/**
 * What a channel's history can give back to a subscriber that was away.
 *
 * @param recovered    whether every publication after the subscriber's position is in {@code publications}
 * @param position     the history's current epoch and latest offset
 * @param publications when recovered, the publications after the subscriber's offset, in offset order; else empty
 */
public record Recovery(boolean recovered, StreamPosition position, List<Publication> publications) {
}

package io.switchboard.server.broker;

import java.util.List;

/**
 * Part of a channel's history, as the server API reads it.
 *
 * @param publications the publications read, oldest first (newest first when read in reverse)
 * @param position     the history's current epoch and latest offset
 */
public record HistoryPage(List<Publication> publications, StreamPosition position) {
}

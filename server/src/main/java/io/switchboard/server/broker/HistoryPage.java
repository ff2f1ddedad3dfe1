package io.switchboard.server.broker;

import java.util.List;

/**
 * What a history read found.
 *
 * @param position     the stream's current epoch and latest offset
 * @param publications the publications the query asked for that the history still holds, in the query's order
 */
public record HistoryPage(StreamPosition position, List<Publication> publications) {
}

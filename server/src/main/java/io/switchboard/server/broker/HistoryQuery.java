package io.switchboard.server.broker;

/**
 * Which publications a history read returns.
 *
 * @param since   null for the latest ones; else those after this position (before it when {@code reverse}), and
 *                none when the stream's epoch is another
 * @param limit   at most this many, 0 or more (0 reads only the position)
 * @param reverse newest first
 */
public record HistoryQuery(StreamPosition since, int limit, boolean reverse) {
    /** Checks the limit. */
    public HistoryQuery {
        if (limit < 0) {
            throw new IllegalArgumentException("a history limit is 0 or more, got " + limit);
        }
    }
}

package io.switchboard.server.broker;

import io.vertx.core.Future;

/**
 * The recent past of the channels that keep one, so that a subscriber that was away can get what it missed.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li><b>Offsets.</b> Each publication on a channel with history gets the next offset of the channel's stream,
 *       1, 2, 3… with no gap and no repeat within one epoch. Offsets increase in the order subscribers receive
 *       the publications: the broker assigns the offset, appends to the history and delivers as one step per
 *       channel ({@link #append} is called by the broker, never concurrently for one channel, in publish order;
 *       a Redis implementation does the three in one script).</li>
 *   <li><b>Epochs.</b> A stream's epoch names one unbroken history. When the history is lost (the node restarts
 *       for an in-memory history, a stream idle for long is dropped, Redis loses the key) the stream starts again
 *       at offset 1 under a new epoch, so a position from before can never be mistaken for one after.</li>
 *   <li><b>Bounds.</b> A stream keeps at most {@link HistoryOptions#size()} publications, none older than
 *       {@link HistoryOptions#ttl()}. A position whose next publication is no longer held cannot be recovered.</li>
 *   <li><b>Threading.</b> Every method may be called from any thread and never blocks.</li>
 * </ul>
 */
public interface ChannelHistory {
    /** The history kept for {@code channel}, or null when it keeps none. Fast: called for every publication. */
    HistoryOptions options(String channel);

    /**
     * Assigns {@code publication} the next offset of its channel's stream, keeps it, trims what is now too old or
     * too many, and returns it with its offset and epoch. Called by the broker only (see the class contract).
     */
    Future<Publication> append(Publication publication, HistoryOptions options);

    /** The stream's current epoch and latest offset (a new stream, offset 0, when the channel has none yet). */
    Future<StreamPosition> position(String channel);

    /**
     * The publications after {@code offset} of {@code epoch}, when the stream still holds every one of them and
     * there are at most {@code max}; otherwise {@code recovered} is false. Either way with the current position.
     */
    Future<Recovery> recover(String channel, String epoch, long offset, int max);

    /**
     * Up to {@code limit} publications the stream still holds, with its position: without {@code reverse}, the oldest
     * ones after offset {@code after} (0: from the oldest held), oldest first; with {@code reverse}, the newest ones
     * before offset {@code before} (0: the newest held), newest first. Reads never start a stream's epoch over.
     */
    default Future<HistoryPage> read(String channel, long after, long before, int limit, boolean reverse) {
        return Future.failedFuture(new UnsupportedOperationException("this history cannot be read"));
    }

    /** Forgets the publications the stream holds; its epoch and latest offset stay, so positions keep their meaning. */
    default Future<Void> remove(String channel) {
        return Future.failedFuture(new UnsupportedOperationException("this history cannot be removed"));
    }
}

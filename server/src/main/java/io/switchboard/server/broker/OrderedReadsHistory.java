package io.switchboard.server.broker;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * A broker's view of a channel history whose reads pass through {@link #ordered}, so that whatever a read returns
 * has already been handed to the broker's listener (the promise {@link Broker#history()} makes). Writes go straight
 * through.
 */
abstract class OrderedReadsHistory implements ChannelHistory {
    private final ChannelHistory history;

    OrderedReadsHistory(ChannelHistory history) {
        this.history = history;
    }

    /** Runs {@code read} for {@code channel} and completes once the live stream has caught up with its result. */
    abstract <T> Future<T> ordered(String channel, Supplier<Future<T>> read);

    @Override
    public final HistoryOptions options(String channel) {
        return history.options(channel);
    }

    @Override
    public final Future<Publication> append(Publication publication, HistoryOptions options) {
        return history.append(publication, options);
    }

    @Override
    public final Future<StreamPosition> position(String channel) {
        return ordered(channel, () -> history.position(channel));
    }

    @Override
    public final Future<Recovery> recover(String channel, String epoch, long offset, int max) {
        return ordered(channel, () -> history.recover(channel, epoch, offset, max));
    }

    @Override
    public final Future<HistoryPage> read(String channel, long after, long before, int limit, boolean reverse) {
        return history.read(channel, after, before, limit, reverse);
    }

    @Override
    public final Future<Void> remove(String channel) {
        return history.remove(channel);
    }
}

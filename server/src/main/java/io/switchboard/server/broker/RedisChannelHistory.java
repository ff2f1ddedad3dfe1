package io.switchboard.server.broker;

import io.switchboard.server.redis.RedisCommands;
import io.switchboard.server.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Channel history in Redis, shared by every node of a deployment. A channel's stream is two keys: a hash with its
 * epoch and latest offset, and a list of its publications, each with the time it was taken. {@link #append} is one
 * Lua script that assigns the offset, appends, trims and publishes, so publications on one channel from any node get
 * their offsets in the order Redis delivers them. A stream whose epoch key is gone (it expired after an hour, or at
 * least its age limit, without use, or Redis lost it) starts again under a new, random epoch.
 */
public final class RedisChannelHistory implements ChannelHistory {
    private static final long IDLE_MILLIS = 3_600_000;

    private final RedisCommands link;
    private final RedisKeys keys;
    private final Function<String, HistoryOptions> options;
    private final LongSupplier clock;

    /** A history for the channels {@code options} names (null for the others), timed by Redis's clock. */
    RedisChannelHistory(RedisCommands link, RedisKeys keys, Function<String, HistoryOptions> options) {
        this(link, keys, options, () -> -1);
    }

    /** A history timed by {@code clock} (epoch milliseconds), for tests. */
    RedisChannelHistory(RedisCommands link, RedisKeys keys, Function<String, HistoryOptions> options, LongSupplier clock) {
        this.link = link;
        this.keys = keys;
        this.options = options;
        this.clock = clock;
    }

    @Override
    public HistoryOptions options(String channel) {
        return options.apply(channel);
    }

    @Override
    public Future<Publication> append(Publication publication, HistoryOptions opts) {
        String channel = publication.channel();
        List<Object> args = List.of(clock.getAsLong(), opts.size(), opts.ttl().toMillis(), idle(opts), newEpoch(),
                RedisCodec.body(publication), keys.topic(channel));
        return link.eval(HistoryScripts.APPEND, streamKeys(channel), args)
                .map(r -> publication.at(r.get(0).toLong(), r.get(1).toString()));
    }

    @Override
    public Future<StreamPosition> position(String channel) {
        HistoryOptions opts = options(channel);
        List<Object> args = List.of(clock.getAsLong(), 0L, idle(opts), newEpoch(), "position");
        return link.eval(HistoryScripts.READ, streamKeys(channel), args).map(RedisChannelHistory::position);
    }

    @Override
    public Future<Recovery> recover(String channel, String epoch, long offset, int max) {
        HistoryOptions opts = options(channel);
        long age = opts == null ? 0 : opts.ttl().toMillis();
        List<Object> args = List.of(clock.getAsLong(), age, idle(opts), newEpoch(), "recover", epoch, offset, max);
        return link.eval(HistoryScripts.READ, streamKeys(channel), args).map(r -> {
            StreamPosition position = position(r);
            if (r.get(2).toInteger() == 0) {
                return new Recovery(false, position, List.of());
            }
            List<Publication> out = new ArrayList<>(r.size() - 3);
            for (int i = 3; i < r.size(); i++) {
                out.add(RedisCodec.decode(channel, r.get(i).toBytes()));
            }
            return new Recovery(true, position, List.copyOf(out));
        });
    }

    @Override
    public Future<HistoryPage> read(String channel, long after, long before, int limit, boolean reverse) {
        HistoryOptions opts = options(channel);
        long age = opts == null ? 0 : opts.ttl().toMillis();
        List<Object> args = List.of(clock.getAsLong(), age, idle(opts), newEpoch(), after, before, limit, reverse ? 1 : 0);
        return link.eval(HistoryScripts.PAGE, streamKeys(channel), args).map(r -> {
            List<Publication> out = new ArrayList<>(Math.max(0, r.size() - 2));
            for (int i = 2; i < r.size(); i++) {
                out.add(RedisCodec.decode(channel, r.get(i).toBytes()));
            }
            return new HistoryPage(List.copyOf(out), position(r));
        });
    }

    @Override
    public Future<Void> remove(String channel) {
        return link.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.DEL).arg(keys.log(channel))).mapEmpty();
    }

    private List<String> streamKeys(String channel) {
        return List.of(keys.meta(channel), keys.log(channel));
    }

    private static StreamPosition position(Response r) {
        return new StreamPosition(r.get(1).toString(), r.get(0).toLong());
    }

    private static long idle(HistoryOptions opts) {
        return Math.max(IDLE_MILLIS, opts == null ? 0 : opts.ttl().toMillis());
    }

    /** A candidate for a stream that has none yet; the script keeps the stream's own when it has one. */
    private static String newEpoch() {
        return Long.toString(ThreadLocalRandom.current().nextLong() >>> 12, 36);
    }
}

package io.switchboard.server.broker;

import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Channel history in this node's memory, for one node. Every epoch starts with a random prefix drawn at start, so
 * a restart loses the history and every position from before it. A stream that has held nothing for an hour (or
 * its age limit, if longer) is dropped by {@link #evictIdle()}; at most {@link #MAX_STREAMS} streams are kept.
 */
public final class MemoryChannelHistory implements ChannelHistory {
    /** Streams kept at most; beyond it the longest idle is dropped. */
    public static final int MAX_STREAMS = 100_000;
    private static final long IDLE_MILLIS = 3_600_000;

    private final Function<String, HistoryOptions> options;
    private final LongSupplier clock;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final String nodeEpoch = randomPrefix();
    private final AtomicLong generations = new AtomicLong();

    /** A history for the channels {@code options} names (null for the others), timed by the wall clock. */
    public MemoryChannelHistory(Function<String, HistoryOptions> options) {
        this(options, System::currentTimeMillis);
    }

    /** A history with a given clock (epoch milliseconds), for tests. */
    public MemoryChannelHistory(Function<String, HistoryOptions> options, LongSupplier clock) {
        this.options = options;
        this.clock = clock;
    }

    @Override
    public HistoryOptions options(String channel) {
        return options.apply(channel);
    }

    @Override
    public Future<Publication> append(Publication publication, HistoryOptions opts) {
        Stream s = stream(publication.channel());
        long now = clock.getAsLong();
        synchronized (s) {
            Publication placed = publication.at(++s.last, s.epoch);
            s.entries.addLast(new Entry(placed, now));
            s.touched = now;
            s.trim(opts, now);
            return Future.succeededFuture(placed);
        }
    }

    @Override
    public Future<StreamPosition> position(String channel) {
        Stream s = stream(channel);
        synchronized (s) {
            s.touched = clock.getAsLong();
            return Future.succeededFuture(new StreamPosition(s.epoch, s.last));
        }
    }

    @Override
    public Future<Recovery> recover(String channel, String epoch, long offset, int max) {
        HistoryOptions opts = options(channel);
        Stream s = stream(channel);
        long now = clock.getAsLong();
        synchronized (s) {
            s.touched = now;
            StreamPosition position = new StreamPosition(s.epoch, s.last);
            if (opts != null) {
                s.trim(opts, now);
            }
            long missed = s.last - offset;
            boolean sameStream = s.epoch.equals(epoch) && offset >= 0 && missed >= 0;
            if (!sameStream || missed > max) {
                return Future.succeededFuture(new Recovery(false, position, List.of()));
            }
            if (missed == 0) {
                return Future.succeededFuture(new Recovery(true, position, List.of()));
            }
            Entry first = s.entries.peekFirst();
            if (first == null || first.publication.offset() > offset + 1) {
                return Future.succeededFuture(new Recovery(false, position, List.of()));
            }
            List<Publication> out = new ArrayList<>((int) missed);
            for (Entry e : s.entries) {
                if (e.publication.offset() > offset) {
                    out.add(e.publication);
                }
            }
            return Future.succeededFuture(new Recovery(true, position, List.copyOf(out)));
        }
    }

    @Override
    public Future<HistoryPage> read(String channel, long after, long before, int limit, boolean reverse) {
        HistoryOptions opts = options(channel);
        Stream s = stream(channel);
        long now = clock.getAsLong();
        synchronized (s) {
            s.touched = now;
            if (opts != null) {
                s.trim(opts, now);
            }
            List<Publication> out = new ArrayList<>(Math.min(limit, s.entries.size()));
            Iterator<Entry> it = reverse ? s.entries.descendingIterator() : s.entries.iterator();
            while (it.hasNext() && out.size() < limit) {
                Publication p = it.next().publication;
                if (reverse ? before == 0 || p.offset() < before : p.offset() > after) {
                    out.add(p);
                }
            }
            return Future.succeededFuture(new HistoryPage(List.copyOf(out), new StreamPosition(s.epoch, s.last)));
        }
    }

    @Override
    public Future<Void> remove(String channel) {
        Stream s = streams.get(channel);
        if (s != null) {
            synchronized (s) {
                s.entries.clear();
            }
        }
        return Future.succeededFuture();
    }

    /** Drops the streams idle for longer than an hour (or their age limit) and whatever is over the cap. */
    public void evictIdle() {
        long now = clock.getAsLong();
        for (Iterator<Map.Entry<String, Stream>> it = streams.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Stream> e = it.next();
            HistoryOptions opts = options(e.getKey());
            long idle = Math.max(IDLE_MILLIS, opts == null ? 0 : opts.ttl().toMillis());
            synchronized (e.getValue()) {
                if (now - e.getValue().touched > idle) {
                    it.remove();
                }
            }
        }
    }

    /** Streams held now. */
    public int streams() {
        return streams.size();
    }

    private Stream stream(String channel) {
        Stream s = streams.get(channel);
        if (s != null) {
            return s;
        }
        if (streams.size() >= MAX_STREAMS) {
            dropIdlest();
        }
        return streams.computeIfAbsent(channel,
                c -> new Stream(nodeEpoch + "." + Long.toString(generations.incrementAndGet(), 36), clock.getAsLong()));
    }

    private void dropIdlest() {
        String idlest = null;
        long oldest = Long.MAX_VALUE;
        for (Map.Entry<String, Stream> e : streams.entrySet()) {
            if (e.getValue().touched < oldest) {
                oldest = e.getValue().touched;
                idlest = e.getKey();
            }
        }
        if (idlest != null) {
            streams.remove(idlest);
        }
    }

    private static String randomPrefix() {
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            b.append(Character.forDigit(random.nextInt(36), 36));
        }
        return b.toString();
    }

    private record Entry(Publication publication, long at) {
    }

    private static final class Stream {
        final String epoch;
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        long last;
        long touched;

        Stream(String epoch, long now) {
            this.epoch = epoch;
            this.touched = now;
        }

        void trim(HistoryOptions opts, long now) {
            long oldest = now - opts.ttl().toMillis();
            while (!entries.isEmpty() && (entries.size() > opts.size() || entries.peekFirst().at < oldest)) {
                entries.removeFirst();
            }
        }
    }
}

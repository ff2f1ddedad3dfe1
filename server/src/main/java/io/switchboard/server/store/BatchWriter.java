package io.switchboard.server.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: items submitted from event loops wait in a bounded queue; a thread of the writer's own takes
 * everything waiting (up to a batch size), writes it in one transaction and completes each item's future after
 * the commit, on the context that submitted it. Many messages share one commit, which is what makes acking
 * after durability cheap.
 *
 * <p>Promises: a future succeeds only once its item is committed. An item that fails fails alone: the batch is
 * rolled back and replayed item by item, each in its own transaction. A full queue refuses at once with
 * {@link ErrorCode#UNAVAILABLE} (temporary), so memory stays bounded and the client retries later.
 *
 * <p>Ordering: items submitted with the same key go to the same lane and are written in submission order. A
 * writer has one or more lanes, each with its own queue, thread and connection; lanes run in parallel.
 *
 * @param <T> the items
 * @param <R> what writing an item gives back
 */
public final class BatchWriter<T, R> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    /**
     * How a writer runs.
     *
     * @param name          for thread names, logs and the {@code writer} tag of its meters
     * @param lanes         parallel transactions (1 keeps one global order; SQLite has one writer anyway)
     * @param queueCapacity items waiting, over all lanes, before {@code submit} refuses
     * @param maxBatch      items in one transaction at most
     */
    public record Options(String name, int lanes, int queueCapacity, int maxBatch) {
        /** Checks the numbers. */
        public Options {
            if (lanes < 1 || queueCapacity < lanes || maxBatch < 1) {
                throw new IllegalArgumentException("a batch writer needs lanes >= 1, queueCapacity >= lanes, maxBatch >= 1");
            }
        }
    }

    private final Database db;
    private final BatchWork<T, R> work;
    private final Options options;
    private final List<Lane> lanes = new ArrayList<>();
    private final DistributionSummary batchSizes;
    private final Timer commits;
    private final Counter refusals;
    private volatile boolean closed;

    BatchWriter(Database db, Options options, BatchWork<T, R> work, MeterRegistry registry) {
        this.db = db;
        this.work = work;
        this.options = options;
        String tag = options.name();
        batchSizes = DistributionSummary.builder("switchboard_batch_size").tag("writer", tag)
                .description("items per group-commit transaction").register(registry);
        commits = Timer.builder("switchboard_batch_commit").tag("writer", tag)
                .description("time to write and commit one batch").register(registry);
        refusals = Counter.builder("switchboard_batch_refused").tag("writer", tag)
                .description("items refused because the writer's queue was full or closed").register(registry);
        int perLane = options.queueCapacity() / options.lanes();
        for (int i = 0; i < options.lanes(); i++) {
            Lane lane = new Lane(new ArrayBlockingQueue<>(perLane));
            Thread t = new Thread(lane::run, "switchboard-batch-" + tag + "-" + i);
            t.setDaemon(true);
            lane.thread = t;
            lanes.add(lane);
        }
        Gauge.builder("switchboard_batch_queued", this, BatchWriter::queued).tag("writer", tag)
                .description("items waiting for a batch").register(registry);
        lanes.forEach(l -> l.thread.start());
    }

    /**
     * Queues an item; the future completes after its transaction commits (or fails), on the Vert.x context of
     * the caller (or on the writer's thread when called from outside Vert.x). Never blocks.
     *
     * @param key  items with equal keys are written in order (a device, a user)
     * @param item the item
     */
    public Future<R> submit(long key, T item) {
        Lane lane = lanes.get((int) Math.floorMod(key, (long) lanes.size()));
        Pending<T, R> p = new Pending<>(item, Promise.promise(), Vertx.currentContext());
        if (closed) {
            refusals.increment();
            return Future.failedFuture(new ProtocolException(ErrorCode.UNAVAILABLE, options.name() + " is shutting down; retry shortly"));
        }
        db.begin();
        if (!lane.queue.offer(p)) {
            db.end();
            refusals.increment();
            return Future.failedFuture(new ProtocolException(ErrorCode.UNAVAILABLE,
                    "too many writes are waiting (" + options.name() + "); retry shortly"));
        }
        return p.promise.future();
    }

    /** Items waiting, over all lanes. */
    public int queued() {
        int n = 0;
        for (Lane l : lanes) {
            n += l.queue.size();
        }
        return n;
    }

    /** The options it runs with. */
    public Options options() {
        return options;
    }

    /**
     * Stops taking items, lets the lanes finish what is queued (up to a few seconds), then fails anything left
     * with {@code unavailable}. Blocking; called by {@link Database#close()} after its drain.
     */
    @Override
    public void close() {
        closed = true;
        for (Lane l : lanes) {
            try {
                l.thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Pending<T, R> left;
            while ((left = l.queue.poll()) != null) {
                complete(left, null, new ProtocolException(ErrorCode.UNAVAILABLE, "the server is shutting down"));
            }
        }
    }

    private final class Lane {
        final ArrayBlockingQueue<Pending<T, R>> queue;
        Thread thread;

        Lane(ArrayBlockingQueue<Pending<T, R>> queue) {
            this.queue = queue;
        }

        void run() {
            List<Pending<T, R>> batch = new ArrayList<>(options.maxBatch());
            while (!closed || !queue.isEmpty()) {
                Pending<T, R> first;
                try {
                    first = queue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    continue; // close() decides when to stop
                }
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, options.maxBatch() - 1);
                try {
                    if (!writeBatch(batch)) {
                        failBacklog();
                    }
                } catch (RuntimeException | Error e) {
                    LOG.error("batch writer {} failed a batch", options.name(), e);
                    for (Pending<T, R> p : batch) {
                        if (!p.done) {
                            complete(p, null, new ProtocolException(ErrorCode.INTERNAL, "internal error", null, e));
                        }
                    }
                }
                batch.clear();
            }
        }

        /**
         * The database could not be reached: what waits behind the failed batch would wait as long again for the
         * same answer, batch after batch (a full queue is minutes of retries). Fail it now; clients retry.
         */
        private void failBacklog() {
            List<Pending<T, R>> backlog = new ArrayList<>();
            queue.drainTo(backlog);
            if (backlog.isEmpty()) {
                return;
            }
            Map<Context, List<Runnable>> completions = new HashMap<>();
            failAll(backlog, new ProtocolException(ErrorCode.UNAVAILABLE, "database unavailable; retry shortly"), completions);
            dispatch(completions);
        }
    }

    /** Writes one batch and completes its items; false when no connection could be had (the database is away). */
    private boolean writeBatch(List<Pending<T, R>> batch) {
        long start = System.nanoTime();
        batchSizes.record(batch.size());
        List<T> items = new ArrayList<>(batch.size());
        batch.forEach(p -> items.add(p.item));
        Map<Context, List<Runnable>> completions = new HashMap<>();
        Connection c;
        try {
            c = db.dataSource().getConnection();
        } catch (SQLException e) {
            failAll(batch, classify(e), completions);
            commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            dispatch(completions);
            return false;
        }
        try (c) {
            try {
                work.prepare(c, items);
            } catch (SQLException | RuntimeException | AssertionError e) {
                failAll(batch, classify(c, e), completions);
                return true;
            }
            c.setAutoCommit(false);
            try {
                List<R> results = work.write(c, items);
                if (results.size() != items.size()) {
                    throw new IllegalStateException(options.name() + " returned " + results.size() + " results for "
                            + items.size() + " items");
                }
                c.commit();
                db.storage().wrote();
                for (int i = 0; i < batch.size(); i++) {
                    later(completions, batch.get(i), results.get(i), null);
                }
            } catch (SQLException | RuntimeException | AssertionError e) {
                rollback(c);
                if (batch.size() == 1 || Database.lost(c) || StorageFull.is(e)) {
                    // Replaying on a lost connection, or onto a full disk, would only fail each item again.
                    failAll(batch, classify(c, e), completions);
                } else {
                    LOG.debug("batch of {} in {} failed ({}); replaying item by item", batch.size(), options.name(), e.toString());
                    replay(c, batch, completions);
                }
            } finally {
                restoreAutoCommit(c);
            }
        } catch (SQLException e) {
            if (batch.stream().allMatch(p -> p.done)) {
                // Closing after every item has its answer: SQLite, for one, rolls a transaction back by itself on
                // SQLITE_FULL, and the pool's rollback at close then fails. The pool drops that connection.
                LOG.debug("closing the connection of {} failed: {}", options.name(), e.toString());
            } else {
                failAll(batch, classify(e), completions);
            }
        } finally {
            commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            dispatch(completions);
        }
        return true;
    }

    private void replay(Connection c, List<Pending<T, R>> batch, Map<Context, List<Runnable>> completions) {
        for (Pending<T, R> p : batch) {
            try {
                R result = work.write(c, List.of(p.item)).get(0);
                c.commit();
                db.storage().wrote();
                later(completions, p, result, null);
            } catch (SQLException | RuntimeException | AssertionError e) {
                rollback(c);
                later(completions, p, null, classify(c, e));
            }
        }
    }

    private void failAll(List<Pending<T, R>> batch, ProtocolException error, Map<Context, List<Runnable>> completions) {
        for (Pending<T, R> p : batch) {
            if (!p.done) {
                later(completions, p, null, error);
            }
        }
    }

    // Every item has its answer by now; a connection that broke meanwhile is evicted by the pool when closed.
    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("could not restore auto-commit: {}", e.toString());
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed: {}", e.toString());
        }
    }

    /** A failure on {@code c}: {@code unavailable} when the connection is lost, else as {@link #classify(Throwable)}. */
    private ProtocolException classify(Connection c, Throwable e) {
        if (!(e instanceof ProtocolException) && Database.lost(c)) {
            return new ProtocolException(ErrorCode.UNAVAILABLE, "database unavailable; retry shortly", null, e);
        }
        return classify(e);
    }

    /**
     * A failure as the client will see it: the item's own refusal, {@code storage_full} (counted once per burst, not
     * logged per item), or a temporary or internal error.
     */
    ProtocolException classify(Throwable e) {
        if (e instanceof ProtocolException pe) {
            return pe;
        }
        if (StorageFull.is(e)) {
            return db.storage().refuse(e);
        }
        if (e instanceof SQLException sql) {
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            // 08: connection, 40: deadlock or serialisation, 53/57: resources or shutdown; SQLite 5/6: busy/locked.
            boolean transientFailure = state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                    || state.startsWith("57") || sql.getErrorCode() == 5 || sql.getErrorCode() == 6
                    || sql instanceof java.sql.SQLTransientException || sql instanceof java.sql.SQLRecoverableException;
            if (transientFailure) {
                return new ProtocolException(ErrorCode.UNAVAILABLE, "database unavailable; retry shortly", null, e);
            }
        }
        LOG.error("a batched write failed", e);
        return new ProtocolException(ErrorCode.INTERNAL, "internal error", null, e);
    }

    private void later(Map<Context, List<Runnable>> completions, Pending<T, R> p, R result, ProtocolException error) {
        p.done = true;
        // A null key collects the items submitted from outside Vert.x: they complete on this thread.
        completions.computeIfAbsent(p.context, k -> new ArrayList<>()).add(() -> complete(p, result, error));
    }

    private void complete(Pending<T, R> p, R result, ProtocolException error) {
        p.done = true;
        db.end();
        if (error == null) {
            p.promise.tryComplete(result);
        } else {
            p.promise.tryFail(error);
        }
    }

    // One hop per event loop for the whole batch, not one per item.
    private static void dispatch(Map<Context, List<Runnable>> completions) {
        completions.forEach((context, runs) -> {
            if (context == null) {
                runs.forEach(Runnable::run);
            } else {
                context.runOnContext(v -> runs.forEach(Runnable::run));
            }
        });
    }

    private static final class Pending<T, R> {
        final T item;
        final Promise<R> promise;
        final Context context;
        boolean done;

        Pending(T item, Promise<R> promise, Context context) {
            this.item = item;
            this.promise = promise;
            this.context = context;
        }
    }
}

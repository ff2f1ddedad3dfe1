package io.switchboard.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.files.PrivateFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The relational store: a HikariCP pool, Flyway migrations, and a worker pool on which every JDBC call runs.
 *
 * <p>All methods that touch the database return a {@link Future} completed off the event loop's thread of
 * work; callers never block. A failure to reach the database surfaces as {@link ErrorCode#UNAVAILABLE}, within
 * the {@code database-timeout} setting: while the database is away every call fails within that bound (none waits
 * in a queue without end), and once it is back the pool reconnects by itself.
 */
public final class Database implements AutoCloseable {
    /** Calls of {@link #withConnection} queued or running at once; more are refused with {@code unavailable}. */
    public static final int MAX_PENDING = 10_000;

    private final HikariDataSource dataSource;
    private final WorkerExecutor workers;
    private final boolean sqlite;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.List<BatchWriter<?, ?>> writers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final long timeoutNanos;
    private final Object pingLock = new Object();
    private final StorageFull storage = new StorageFull();
    private Future<Void> runningPing;

    private Database(HikariDataSource dataSource, WorkerExecutor workers, boolean sqlite, long timeoutMillis) {
        this.dataSource = dataSource;
        this.workers = workers;
        this.sqlite = sqlite;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Opens the pool and runs pending migrations. Blocking: call at start-up, not on an event loop. */
    public static Database open(Vertx vertx, DatabaseSettings settings) {
        return open(vertx, settings, null);
    }

    /**
     * Opens the pool, with its meters ({@code hikaricp_connections_*}: active, idle, pending, timeouts) in
     * {@code registry} when one is given, and runs pending migrations. Blocking: call at start-up.
     */
    public static Database open(Vertx vertx, DatabaseSettings settings, MeterRegistry registry) {
        boolean sqlite = settings.sqlite();
        long timeout = settings.timeout().toMillis();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setPoolName("switchboard-db");
        if (sqlite) {
            Path file = settings.sqliteFile();
            if (file != null) {
                // Created 0600 before SQLite opens it: SQLite gives the -wal and -shm files the database file's mode.
                PrivateFiles.createFile(file);
            }
            // SQLite serialises writers anyway; a few connections serve concurrent readers under WAL.
            config.setMaximumPoolSize(4);
            config.setConnectionInitSql("PRAGMA busy_timeout = 10000");
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", settings.sqliteSynchronous());
            config.addDataSourceProperty("foreign_keys", "true");
        } else {
            config.setMaximumPoolSize(16);
            if (settings.user() != null) {
                config.setUsername(settings.user());
            }
            if (settings.password() != null) {
                config.setPassword(settings.password());
            }
            // The driver waits forever to connect unless told; parameters in the URL still win over these.
            String seconds = String.valueOf(Math.max(1, (timeout + 999) / 1000));
            config.addDataSourceProperty("connectTimeout", seconds);
            config.addDataSourceProperty("loginTimeout", seconds);
            config.addDataSourceProperty("tcpKeepAlive", "true");
        }
        if (registry != null) {
            config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        config.setConnectionTimeout(timeout);
        config.setValidationTimeout(Math.max(250, Math.min(1_000, timeout / 2)));
        HikariDataSource ds = new HikariDataSource(config);
        try {
            migrate(ds, sqlite);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        WorkerExecutor workers = vertx.createSharedWorkerExecutor("switchboard-db", config.getMaximumPoolSize() * 2);
        Database db = new Database(ds, workers, sqlite, timeout);
        if (registry != null) {
            io.micrometer.core.instrument.Gauge.builder("switchboard_storage_full", db.storage, s -> s.full() ? 1 : 0)
                    .description("1 while writes are refused because the database's disk is full").register(registry);
            io.micrometer.core.instrument.FunctionCounter.builder("switchboard_storage_full_refused", db.storage,
                            StorageFull::refused)
                    .description("writes refused with storage_full").register(registry);
        }
        return db;
    }

    /**
     * Runs the migrations under {@code db/migration} on a data source. One set of files serves SQLite and
     * PostgreSQL; the few types that differ are placeholders: {@code ${id_pk}} (an auto-increment primary key).
     */
    public static void migrate(DataSource ds, boolean sqlite) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .placeholders(java.util.Map.of(
                        "id_pk", sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"))
                .load()
                .migrate();
    }

    /** Whether this is SQLite (some statements differ). */
    public boolean sqlite() {
        return sqlite;
    }

    /** Whether writes meet a full disk now, and the one place that names that error. */
    public StorageFull storage() {
        return storage;
    }

    /** The pool, for code that already runs on a worker thread. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs {@code work} with a connection on a worker thread. Fails with {@code unavailable} when the database cannot
     * be reached within the {@code database-timeout}, when the work waited that long for a worker, or at once when
     * {@link #MAX_PENDING} calls are already waiting: an outage answers every caller within a bound instead of
     * queueing them without end.
     */
    public <T> Future<T> withConnection(SqlFunction<Connection, T> work) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            return Future.failedFuture(new ProtocolException(ErrorCode.UNAVAILABLE,
                    "too much database work is waiting; retry shortly"));
        }
        inFlight.incrementAndGet();
        long queuedAt = System.nanoTime();
        return workers.<T>executeBlocking(() -> {
            // Work queued behind an outage would fail anyway, after waiting once more: refuse it now.
            if (System.nanoTime() - queuedAt > timeoutNanos) {
                throw new ProtocolException(ErrorCode.UNAVAILABLE, "the database is not answering in time; retry shortly");
            }
            try (Connection c = dataSource.getConnection()) {
                try {
                    return work.apply(c);
                } catch (RuntimeException | AssertionError e) {
                    if (!(e instanceof ProtocolException) && StorageFull.is(e)) {
                        throw storage.refuse(e);
                    }
                    if (!(e instanceof ProtocolException) && lost(c)) {
                        throw unavailable(e);
                    }
                    throw e;
                }
            } catch (SQLException e) {
                throw StorageFull.is(e) ? storage.refuse(e) : unavailable(e);
            }
        }, false).andThen(ar -> {
            inFlight.decrementAndGet();
            pending.decrementAndGet();
        });
    }

    /**
     * Starts a {@link BatchWriter} (group commit on threads of its own) on this database. Its queued items count as
     * work in flight for {@link #drain}, and {@link #close()} stops it.
     */
    public <T, R> BatchWriter<T, R> batchWriter(BatchWriter.Options options, BatchWork<T, R> work,
                                                io.micrometer.core.instrument.MeterRegistry registry) {
        BatchWriter<T, R> writer = new BatchWriter<>(this, options, work, registry);
        writers.add(writer);
        return writer;
    }

    void begin() {
        inFlight.incrementAndGet();
    }

    void end() {
        inFlight.decrementAndGet();
    }

    /** Waits (blocking) until no database work is in flight, or the timeout passes; returns whether it drained. */
    public boolean drain(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return inFlight.get() == 0;
    }

    /** Runs {@code work} in one transaction on a worker thread: committed if it returns, rolled back if it throws. */
    public <T> Future<T> inTransaction(SqlFunction<Connection, T> work) {
        return withConnection(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                storage.wrote();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    // SQLite rolls back by itself on some errors (SQLITE_FULL): keep the error that says why.
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                // After a commit the answer is known; a connection that broke since is the pool's to evict.
                try {
                    c.setAutoCommit(true);
                } catch (SQLException e) {
                    // Dropped on return to the pool.
                }
            }
        });
    }

    /**
     * Checks that the database answers, for readiness. Calls made while a check runs share it, so that health
     * probes during an outage hold one worker, not one each.
     */
    public Future<Void> ping() {
        synchronized (pingLock) {
            if (runningPing == null || runningPing.isComplete()) {
                runningPing = withConnection(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT 1");
                    }
                    return null;
                });
            }
            return runningPing;
        }
    }

    /**
     * Whether a connection that just failed is gone (closed or not answering). A failure on a lost connection is the
     * database's absence, whatever the driver threw: pgjdbc, for one, throws an {@link AssertionError} from
     * {@code executeBatch} on a connection closed under it.
     */
    static boolean lost(Connection c) {
        try {
            return c.isClosed() || !c.isValid(1);
        } catch (SQLException e) {
            return true;
        }
    }

    private static ProtocolException unavailable(Throwable e) {
        return new ProtocolException(ErrorCode.UNAVAILABLE, "database unavailable; retry shortly", null, e);
    }

    @Override
    public void close() {
        writers.forEach(BatchWriter::close);
        workers.close();
        dataSource.close();
    }

    /** A function that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlFunction<I, O> {
        /** Applies the function. */
        O apply(I input) throws SQLException;
    }
}

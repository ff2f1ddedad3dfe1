package io.switchboard.server.store;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database's disk as the writes find it. A write that fails because the disk is full (SQLite's
 * {@code SQLITE_FULL}, PostgreSQL's SQLSTATE {@code 53100}) is answered {@code storage_full} (temporary), and the
 * node is not ready until a write commits again, or until no write has met a full disk for {@link #HOLD_MILLIS}
 * (a node that the load balancer stopped sending writes to would otherwise never find out that space came back).
 *
 * <p>A full disk refuses every write, thousands a second: it is logged once when the first write of a burst is
 * refused and once when writes succeed again, never per write and never with a stack trace (the cause is known).
 */
public final class StorageFull {
    /** How long after the last refused write the node counts as full when no write has succeeded since. */
    public static final long HOLD_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(StorageFull.class);
    private static final String SQLSTATE_DISK_FULL = "53100";
    private static final int SQLITE_FULL = 13;

    private final AtomicLong lastRefusal = new AtomicLong();
    private final AtomicLong refusedInBurst = new AtomicLong();
    private final AtomicLong refusedTotal = new AtomicLong();
    private final Object burstLock = new Object();
    private boolean inBurst;
    private long burstStarted;

    /** Whether {@code e}, or what caused it, is the database saying its disk is full. */
    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProtocolException pe && pe.code() == ErrorCode.STORAGE_FULL) {
                return true;
            }
            if (t instanceof SQLException sql) {
                // sqlite-jdbc reports the (possibly extended) result code; its low byte is the primary one.
                if (SQLSTATE_DISK_FULL.equals(sql.getSQLState()) || (sql.getErrorCode() & 0xff) == SQLITE_FULL
                        && isSqlite(sql)) {
                    return true;
                }
                // A failed JDBC batch may carry the server's error as the next exception rather than as its cause.
                SQLException next = sql.getNextException();
                if (next != null && next != sql && SQLSTATE_DISK_FULL.equals(next.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isSqlite(SQLException e) {
        return e.getClass().getName().startsWith("org.sqlite.");
    }

    /**
     * Counts a write refused for a full disk and gives the error its client gets. The first refusal of a burst
     * logs one line; {@code cause} is kept out of the error so that nothing downstream logs its trace again.
     */
    public ProtocolException refuse(Throwable cause) {
        long now = System.nanoTime();
        lastRefusal.set(now);
        refusedInBurst.incrementAndGet();
        refusedTotal.incrementAndGet();
        synchronized (burstLock) {
            if (!inBurst) {
                inBurst = true;
                burstStarted = now;
                LOG.warn("the database's storage is full ({}): writes are refused with storage_full and /health/ready "
                        + "says not ready until a write succeeds; free space on the database's disk", reason(cause));
            }
        }
        return new ProtocolException(ErrorCode.STORAGE_FULL, "the server's storage is full; nothing was stored, retry later");
    }

    /** A write committed: a burst of refusals, if one was on, is over. */
    public void wrote() {
        if (lastRefusal.get() == 0) {
            return; // the common case, without the lock
        }
        synchronized (burstLock) {
            if (inBurst) {
                inBurst = false;
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - burstStarted);
                LOG.info("the database takes writes again: {} writes were refused for a full disk over {} s",
                        refusedInBurst.getAndSet(0), seconds);
            }
            lastRefusal.set(0);
        }
    }

    /** Whether writes are being refused for a full disk now (readiness says not ready while they are). */
    public boolean full() {
        long last = lastRefusal.get();
        if (last == 0) {
            return false;
        }
        if (System.nanoTime() - last < TimeUnit.MILLISECONDS.toNanos(HOLD_MILLIS)) {
            return true;
        }
        synchronized (burstLock) {
            if (inBurst && lastRefusal.get() == last) {
                // No refusal for a while and no write to prove either way: let writes try, and log anew if they fail.
                inBurst = false;
                refusedInBurst.set(0);
                lastRefusal.set(0);
            }
        }
        return false;
    }

    /** Writes refused for a full disk since start. */
    public long refused() {
        return refusedTotal.get();
    }

    private static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : " SQLSTATE " + sql.getSQLState();
                return String.valueOf(sql.getMessage()).lines().findFirst().orElse("") + state;
            }
        }
        return cause == null ? "unknown" : cause.toString();
    }
}

package io.switchboard.tests.cluster;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A client's loop on a thread of its own, until {@link #halt()}: each turn is bounded, the first failure ends it
 * and is kept for the test to report, and {@link #join()} waits a bounded time.
 */
abstract class ClientLoop implements Runnable {
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean halted;

    ClientLoop(String name) {
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    /** One bounded step; called until {@link #halt()} or a failure. */
    abstract void turn() throws Exception;

    /** Called once after the last turn (on the loop's thread): closes the client. */
    abstract void finish();

    void startLoop() {
        thread.start();
    }

    /** Asks the loop to end after the turn in progress. */
    void halt() {
        halted = true;
    }

    boolean halted() {
        return halted;
    }

    /**
     * Waits (at most 30 s) for the loop to end by itself, as a producer does once it has finished the item in hand,
     * then as {@link #join()}; returns what made it fail, or null.
     */
    Throwable awaitEnd() {
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return join();
    }

    /** Ends the loop after its turn in progress and waits (at most 30 s); returns what made it fail, or null. */
    Throwable join() {
        halt();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            failure.compareAndSet(null, new AssertionError(thread.getName() + " did not stop within 30 s"));
        }
        return failure.get();
    }

    /** What made the loop fail, or null. */
    Throwable failure() {
        return failure.get();
    }

    /** Fails the test with the loop's failure, if it had one. */
    void assertNoFailure() {
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError(thread.getName() + " failed: " + t, t);
        }
    }

    @Override
    public final void run() {
        try {
            while (!halted) {
                turn();
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        } finally {
            try {
                finish();
            } catch (RuntimeException e) {
                // Closing a client that is already gone.
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

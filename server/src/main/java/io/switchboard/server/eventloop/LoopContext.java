package io.switchboard.server.eventloop;

import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

/**
 * An event-loop context of its own, where one owner's state is touched without locks (a Redis connection, a
 * memory broker's delivery lane). It reaches into Vert.x internals: the public API offers no
 * fresh event-loop context to code running off any.
 */
public final class LoopContext {
    private final ContextInternal context;

    private LoopContext(ContextInternal context) {
        this.context = context;
    }

    /** A new event-loop context; from a non-Vert.x thread, each call takes the next event loop, round-robin. */
    public static LoopContext create(Vertx vertx) {
        return new LoopContext(((VertxInternal) vertx).createEventLoopContext());
    }

    /** Runs {@code task} now when called on this context, otherwise queues it there. */
    public void execute(Runnable task) {
        context.execute(task);
    }

    /** Queues {@code task} on this context, behind what is queued there already. */
    public void runOnContext(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    /** Runs {@code task} on this context once, after {@code delayMs}; returns the timer's id. */
    public long setTimer(long delayMs, Runnable task) {
        return context.setTimer(delayMs, id -> task.run());
    }

    /** Runs {@code task} on this context every {@code periodMs}; returns the timer's id. */
    public long setPeriodic(long periodMs, Runnable task) {
        return context.setPeriodic(periodMs, id -> task.run());
    }

    /** Cancels a timer of this context; nothing when it fired already or was cancelled. */
    public void cancelTimer(long id) {
        context.owner().cancelTimer(id);
    }

    /** The context itself, for code that runs its own tasks on it through the public API. */
    public io.vertx.core.Context context() {
        return context;
    }

    /** The Vert.x instance the context belongs to. */
    public Vertx vertx() {
        return context.owner();
    }
}

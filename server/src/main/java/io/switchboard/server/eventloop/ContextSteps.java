package io.switchboard.server.eventloop;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

/**
 * Runs a step with a connection's Vert.x context current. A socket served on Netty directly reports its frames on
 * its event loop but outside any context, so what a step starts there (a batched database write, a lookup) would
 * complete on another thread; run with the context current, it completes back on the connection's loop, in one hop
 * per batch. Reaches into Vert.x internals: the public API cannot make a context current without queueing a task.
 */
public final class ContextSteps {
    private ContextSteps() {
    }

    /**
     * Runs {@code step} with {@code context} current: now when called on its event loop, otherwise queued there. Now,
     * as it is, when {@code context} is null.
     */
    public static void run(Context context, Runnable step) {
        if (context == null || Vertx.currentContext() == context) {
            step.run();
        } else {
            ((ContextInternal) context).emit(v -> step.run());
        }
    }
}

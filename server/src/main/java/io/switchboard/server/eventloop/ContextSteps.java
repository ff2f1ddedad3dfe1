package io.switchboard.server.eventloop;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.function.Supplier;

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

    /** Like {@link #run}, for a step that answers with a future; a step that throws gives a failed future. */
    public static <T> Future<T> call(Context context, Supplier<Future<T>> step) {
        if (context == null || Vertx.currentContext() == context) {
            return guarded(step);
        }
        Promise<T> answer = Promise.promise();
        ((ContextInternal) context).emit(v -> guarded(step).onComplete(answer));
        return answer.future();
    }

    private static <T> Future<T> guarded(Supplier<Future<T>> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}

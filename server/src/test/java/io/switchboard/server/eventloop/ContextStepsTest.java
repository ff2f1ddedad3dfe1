package io.switchboard.server.eventloop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A step of a Netty socket's event (on the connection's loop, outside any context) runs at once with the connection's
 * context current, so that what it starts completes back there; from another thread it is queued on that loop.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContextStepsTest {
    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** What a step saw: the context current, the thread, and whether it ran before the caller went on. */
    private record Seen(Context current, Thread thread, boolean beforeReturn) {
    }

    @Test
    void a_step_on_the_loop_outside_any_context_runs_at_once_with_the_context_current() throws Exception {
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        CompletableFuture<Thread> loop = new CompletableFuture<>();
        ((ContextInternal) context).nettyEventLoop().execute(() -> {
            assertThat(Vertx.currentContext()).isNull();
            boolean[] returned = {false};
            ContextSteps.run(context, () -> seen.complete(new Seen(Vertx.currentContext(), Thread.currentThread(), !returned[0])));
            returned[0] = true;
            loop.complete(Thread.currentThread());
        });

        Seen step = seen.get(10, TimeUnit.SECONDS);
        assertThat(step.current()).isSameAs(context);
        assertThat(step.thread()).isSameAs(loop.get(10, TimeUnit.SECONDS));
        assertThat(step.beforeReturn()).isTrue();
    }

    @Test
    void a_step_from_another_thread_runs_on_the_context() throws Exception {
        CompletableFuture<Context> seen = new CompletableFuture<>();

        ContextSteps.run(context, () -> seen.complete(Vertx.currentContext()));

        assertThat(seen.get(10, TimeUnit.SECONDS)).isSameAs(context);
    }
}

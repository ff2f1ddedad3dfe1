package io.switchboard.client.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/** The one thread each client runs on, and its release with the OkHttp client the SDK made. Not part of the API. */
public final class ClientThread {
    private ClientThread() {
    }

    /** A daemon thread for timers and callbacks; cancelled timers leave its queue. */
    public static ScheduledThreadPoolExecutor start(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        // close() shuts the loop down: timers still pending (a reconnect, a handshake guard) must not hold it up.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    /**
     * Stops the thread once what it runs now is done (at most 5 s), and releases {@code http}'s threads and pooled
     * connections when the SDK made it ({@code ownsHttp}); an app's own client is left as it is.
     */
    public static void stop(ScheduledExecutorService loop, OkHttpClient http, boolean ownsHttp) {
        loop.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsHttp) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}

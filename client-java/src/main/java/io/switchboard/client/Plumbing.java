package io.switchboard.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.internal.ClientThread;
import io.switchboard.client.telemetry.Telemetry;
import io.switchboard.protocol.Json;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** How the client's thread, its OkHttp client, its socket URL and its envelopes are made. */
final class Plumbing {
    private static final Logger LOG = Logger.getLogger("io.switchboard.client");

    private Plumbing() {
    }

    /** The client's one thread (a daemon): everything but the app's {@code send…} calls runs on it. */
    static ScheduledThreadPoolExecutor loop() {
        return ClientThread.start("switchboard-client");
    }

    /** The app's OkHttp client (or a new one) with the client's timeouts, no OkHttp pings or retries, Nagle off. */
    static OkHttpClient okHttp(ClientBuilder config) {
        OkHttpClient base = config.okHttp != null ? config.okHttp : new OkHttpClient();
        return base.newBuilder()
                .connectTimeout(config.connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.httpTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(config.httpTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .pingInterval(0, TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false)
                .socketFactory(new NoDelaySocketFactory(base.socketFactory()))
                .build();
    }

    /** {@code /ws/ingest/<child_hash>/} or {@code /ws/ingest-auth/} under the server URL. */
    static HttpUrl socketUrl(ClientBuilder config) {
        HttpUrl.Builder ws = config.server.newBuilder().addPathSegment("ws");
        if (config.authMode == AuthMode.PATH) {
            ws.addPathSegment("ingest").addPathSegment(config.childHash);
        } else {
            ws.addPathSegment("ingest-auth");
        }
        return ws.addPathSegment("").build();
    }

    /** The envelope {@code {"type","id","data"}} of a message, as JSON text. */
    static String envelope(Telemetry telemetry, String id) {
        ObjectNode envelope = Json.object();
        envelope.put("type", telemetry.type());
        envelope.put("id", id);
        envelope.set("data", telemetry.toData());
        return Json.write(envelope);
    }

    /** A task that logs what it throws: an executor would swallow it, and a periodic task would silently stop. */
    static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "Switchboard client task failed", e);
            }
        };
    }
}

package io.switchboard.client.realtime;

import io.switchboard.client.SwitchboardClientException;
import io.switchboard.protocol.Json;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;

/**
 * Keeps a connection's access token fresh (docs/PROTOCOL.md, "Token refresh and expiry"): reads its {@code exp}, asks
 * the supplier for a new one in time and hands it to the live session as {@code refresh_token}, retrying a refused
 * refresh while the old token lasts. Nothing for a fixed token. Used on the client's thread only.
 */
final class TokenRefresher {
    private final RealtimeConnection connection;
    private ScheduledFuture<?> timer;

    TokenRefresher(RealtimeConnection connection) {
        this.connection = connection;
    }

    /** Plans the next refresh before the token expires, or in {@code retryMillis} when that is 0 or more. */
    void schedule(long retryMillis) {
        cancel();
        long expiresAt = Jwt.expiresAtMillis(connection.token());
        if (expiresAt < 0 || connection.fixedToken()) {
            return; // no expiry to beat, or nothing to refresh with
        }
        long delay = retryMillis >= 0 ? retryMillis : connection.refreshDelayMillis(expiresAt);
        timer = connection.schedule(() -> {
            timer = null;
            if (connection.connected()) {
                refresh();
            }
        }, delay);
    }

    void cancel() {
        RealtimeConnection.cancel(timer);
        timer = null;
    }

    /** A fresh token from the supplier, handed to the live session; completes when the server acked it. */
    CompletableFuture<Void> refresh() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        String old = connection.token();
        connection.fetchToken().whenComplete((fresh, failure) -> connection.post(() -> {
            if (failure != null || fresh == null || fresh.isEmpty() || fresh.equals(old)) {
                failed(old, done, failure != null ? failure
                        : new SwitchboardClientException(fresh == null || fresh.isEmpty() ? "the token supplier gave no token"
                                : "the token supplier gave the same token again"));
                return;
            }
            if (!connection.connected()) {
                connection.token(fresh); // for the next connection
                done.complete(null);
                return;
            }
            connection.requests.request("refresh_token", Json.object().put("token", fresh), connection.requestTimeoutMillis())
                    .whenComplete((ack, refused) -> {
                        if (refused != null) {
                            failed(old, done, refused);
                        } else {
                            connection.token(fresh);
                            schedule(-1);
                            done.complete(null);
                        }
                    });
        }));
        return done;
    }

    private void failed(String old, CompletableFuture<Void> done, Throwable why) {
        RealtimeConnection.LOG.log(Level.WARNING, "Switchboard token refresh failed; retrying while the old token lasts", why);
        long left = Jwt.expiresAtMillis(old) - System.currentTimeMillis();
        if (connection.connected() && left > 0) {
            schedule(Math.min(5000, left / 2));
        }
        done.completeExceptionally(why);
    }
}

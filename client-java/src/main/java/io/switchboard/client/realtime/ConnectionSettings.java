package io.switchboard.client.realtime;

import io.switchboard.client.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** A builder's settings as they were at {@code build()}, so that changing the builder later changes no client. */
final class ConnectionSettings {
    final HttpUrl server;
    final TokenSupplier tokenSupplier;
    final boolean fixedToken;
    final Backoff backoff;
    final int maxReconnectAttempts;
    final Duration pingInterval;
    final Duration pongTimeout;
    final Duration requestTimeout;
    final Duration refreshBefore;
    final int maxQueued;
    final WireFormat format;
    final OkHttpClient okHttp;
    final List<RealtimeListener> listeners;

    ConnectionSettings(RealtimeBuilder<?> b) {
        this.server = b.server;
        this.tokenSupplier = b.tokenSupplier;
        this.fixedToken = b.fixedToken;
        this.backoff = b.backoff;
        this.maxReconnectAttempts = b.maxReconnectAttempts;
        this.pingInterval = b.pingInterval;
        this.pongTimeout = b.pongTimeout;
        this.requestTimeout = b.requestTimeout;
        this.refreshBefore = b.refreshBefore;
        this.maxQueued = b.maxQueued;
        this.format = b.format;
        this.okHttp = b.okHttp;
        this.listeners = new ArrayList<>(b.listeners);
    }
}

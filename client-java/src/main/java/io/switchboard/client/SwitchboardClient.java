package io.switchboard.client;

import io.switchboard.client.buffer.MessageBuffer;
import io.switchboard.client.telemetry.Location;
import io.switchboard.client.telemetry.ScreenTime;
import io.switchboard.client.telemetry.SiteAccess;
import io.switchboard.client.telemetry.Telemetry;
import java.time.Duration;

/**
 * A device's connection to a Switchboard server's ingest app: it sends screen time, location and site access so
 * that each message is stored exactly once, however bad the network.
 *
 * <p>Every {@code send…} call gives the message a client id (a UUID, returned) and writes it to the durable
 * {@link MessageBuffer} before returning. The client sends buffered messages in order over the WebSocket
 * ({@code /ws/ingest/<child_hash>/}) and removes each one when the server acks it, which it does only after the
 * commit. When the socket is down it drains the buffer in batches over {@code POST /api/ingest/} while it retries
 * the socket with backoff, and moves back to the socket when it is up; after any reconnect, unacked messages are
 * sent again, which the server's idempotency makes safe. A message the server refuses for good is removed and
 * reported to the {@link DeliveryListener}; a close in the do-not-reconnect range stops the client and is reported
 * to the {@link FatalListener}.
 *
 * <pre>{@code
 * SwitchboardClient client = SwitchboardClient.builder("https://switchboard.example.com")
 *         .childHash(hash)
 *         .bufferDirectory(filesDir.resolve("switchboard"))
 *         .build();
 * client.start();
 * client.sendLocation(Location.of(Instant.now(), 40.7128, -74.0060));
 * ...
 * client.close();
 * }</pre>
 *
 * <p>Thread-safe. The {@code send…} methods write to the buffer on the calling thread (with fsync, well under a
 * millisecond to a few); call them off a UI thread. Listeners run on the client's own thread.
 */
public final class SwitchboardClient implements AutoCloseable {
    private final ClientEngine engine;

    SwitchboardClient(ClientBuilder builder, MessageBuffer buffer) {
        this.engine = new ClientEngine(builder, buffer);
    }

    /** A builder for a client of the server at {@code serverUrl}, such as {@code http://10.0.2.2:8080}. */
    public static ClientBuilder builder(String serverUrl) {
        return new ClientBuilder(serverUrl);
    }

    /** Connects, and from then on keeps sending what is buffered (messages left by an earlier run first). Once only. */
    public void start() {
        engine.start();
    }

    /** Buffers a day's screen time for sending; returns its client id. */
    public String sendScreenTime(ScreenTime screenTime) {
        return engine.submit(screenTime);
    }

    /** Buffers a position fix for sending; returns its client id. */
    public String sendLocation(Location location) {
        return engine.submit(location);
    }

    /** Buffers site visits and blocks for sending; returns its client id. */
    public String sendSiteAccess(SiteAccess siteAccess) {
        return engine.submit(siteAccess);
    }

    /**
     * Buffers any of the three for sending; returns its client id.
     *
     * @throws io.switchboard.client.buffer.BufferFullException when the buffer is full and refuses new messages
     * @throws MessageTooLargeException when the message is over {@link ClientBuilder#maxMessageBytes(int)}
     * @throws IllegalStateException after {@link #close()}
     */
    public String send(Telemetry telemetry) {
        return engine.submit(telemetry);
    }

    /**
     * Drops the current socket and opens a new one now, without waiting for the backoff: call it when the app
     * learns the network changed (Android's connectivity callback). Unacked messages are sent again.
     */
    public void reconnectNow() {
        engine.reconnectNow();
    }

    /**
     * Waits until every buffered message has been acked or refused, at most {@code timeout}; true when the buffer
     * is empty. Returns early (false) when the client stops for good. For a clean shutdown and for tests; a device
     * normally just keeps going.
     */
    public boolean awaitDrained(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (engine.buffer().size() > 0) {
            if (System.nanoTime() > deadline || engine.stopped()) {
                return engine.buffer().size() == 0;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The current state. */
    public ConnectionState state() {
        return engine.state();
    }

    /** A snapshot of the counters. */
    public ClientStats stats() {
        return engine.stats();
    }

    /** Messages waiting in the buffer for an answer. */
    public int buffered() {
        return engine.buffer().size();
    }

    /**
     * Stops: closes the socket (1000), cancels a fallback request in flight, and closes the buffer. Unacked messages
     * stay in a durable buffer and are sent by the next client built on it. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }
}

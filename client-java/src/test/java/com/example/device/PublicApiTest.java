package com.example.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.client.AuthMode;
import io.switchboard.client.Backoff;
import io.switchboard.client.ClientStats;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Delivery;
import io.switchboard.client.DeliveryListener;
import io.switchboard.client.MessageTooLargeException;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.SwitchboardClientException;
import io.switchboard.client.buffer.BufferFullException;
import io.switchboard.client.buffer.BufferLimits;
import io.switchboard.client.buffer.MemoryMessageBuffer;
import io.switchboard.client.buffer.OverflowPolicy;
import io.switchboard.client.e2e.IngestNode;
import io.switchboard.client.telemetry.Location;
import io.switchboard.client.telemetry.ScreenTime;
import io.switchboard.client.telemetry.SiteAccess;
import io.switchboard.client.telemetry.SiteVisit;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK as an app uses it, through its public API only (this package is not the SDK's): every builder option,
 * the three message types, the listeners, the stats, the buffer's bounds and the errors an app can meet.
 */
@Timeout(60)
class PublicApiTest {
    @TempDir
    static Path dir;
    static IngestNode node;

    @BeforeAll
    static void startServer() {
        node = new IngestNode(dir.resolve("server"), Map.of()).start(true);
    }

    @AfterAll
    static void stopServer() {
        node.close();
    }

    @Test
    void an_app_configures_every_option_sends_each_type_and_reads_what_happened() {
        IngestNode.Enrolled child = node.enrol("api-parent", "Sam");
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        List<String> pushes = new CopyOnWriteArrayList<>();
        List<Delivery> acks = new CopyOnWriteArrayList<>();
        OkHttpClient shared = new OkHttpClient();
        try (SwitchboardClient client = SwitchboardClient.builder(node.url().replace("http://", "ws://"))
                .childHash(child.hash())
                .authMode(AuthMode.AUTH_FLOW)
                .bearerToken("ignored-by-the-ingest-endpoints")
                .bufferDirectory(dir.resolve("buffer-" + child.id()))
                .bufferLimits(new BufferLimits(1_000, 1_000_000, OverflowPolicy.DROP_OLDEST))
                .fsync(false)
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 1.5, 0.2))
                .heartbeatInterval(Duration.ofSeconds(5))
                .ackTimeout(Duration.ofSeconds(10))
                .connectTimeout(Duration.ofSeconds(3))
                .httpTimeout(Duration.ofSeconds(5))
                .window(8)
                .httpBatchSize(20)
                .httpBatchBytes(64 * 1024)
                .maxMessageBytes(32 * 1024)
                .maxSendRate(50)
                .okHttpClient(shared)
                .onStateChange((from, to) -> states.add(to))
                .onPush((type, frame) -> pushes.add(type))
                .onFatal(error -> states.add(null))
                .onDelivery(new DeliveryListener() {
                    @Override
                    public void onAcked(Delivery d) {
                        acks.add(d);
                    }
                })
                .build()) {
            assertThat(client.state()).isEqualTo(ConnectionState.STOPPED);
            client.start();
            List<String> ids = new ArrayList<>();
            Instant now = Instant.now();
            for (int i = 0; i < 30; i++) {
                ids.add(client.sendLocation(Location.of(now.minusSeconds(100 - i), 51.5, -0.12)));
            }
            ids.add(client.sendScreenTime(ScreenTime.builder(LocalDate.now(ZoneOffset.UTC), 120).app("a.b", 3, 60).build()));
            ids.add(client.sendSiteAccess(SiteAccess.of(Collections.singletonList(SiteVisit.of(now, "https://example.org", false)))));
            ids.add(client.send(Location.of(now, 0, 0)));

            assertThat(client.awaitDrained(Duration.ofSeconds(20))).isTrue();
            ClientStats stats = client.stats();
            assertThat(acks).extracting(Delivery::id).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(stats.acked()).isEqualTo(33);
            assertThat(stats.sentWebSocket()).isEqualTo(33);
            assertThat(stats.buffered()).isZero();
            assertThat(stats.dropped()).isZero();
            assertThat(pushes).containsExactly("connection_established");
            assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED_WEBSOCKET);
            assertThat(client.buffered()).isZero();
        }
        assertThat(states).endsWith(ConnectionState.STOPPED);
        assertThat(shared.dispatcher().executorService().isShutdown()).as("the app's OkHttp client is left alone").isFalse();
    }

    @Test
    void a_buffer_left_by_an_earlier_run_is_sent_by_the_next_client_on_it() {
        IngestNode.Enrolled child = node.enrol("api-parent", "Alex");
        Path buffer = dir.resolve("buffer-" + child.id());
        try (SwitchboardClient first = SwitchboardClient.builder(node.url()).childHash(child.hash()).bufferDirectory(buffer).build()) {
            for (int i = 0; i < 5; i++) {
                first.sendLocation(Location.of(Instant.now().minusSeconds(50 - i), 1, 2));
            }
        }
        try (SwitchboardClient next = SwitchboardClient.builder(node.url()).childHash(child.hash()).bufferDirectory(buffer).build()) {
            assertThat(next.buffered()).isEqualTo(5);
            assertThat(next.stats().recovered()).isEqualTo(5);
            next.start();
            assertThat(next.awaitDrained(Duration.ofSeconds(20))).isTrue();
            assertThat(next.stats().acked()).isEqualTo(5);
        }
    }

    @Test
    void a_full_buffer_that_rejects_new_messages_says_so_and_counts_them() {
        try (SwitchboardClient client = SwitchboardClient.builder(node.url()).childHash("unused")
                .buffer(new MemoryMessageBuffer(new BufferLimits(2, 1_000_000, OverflowPolicy.REJECT_NEW))).build()) {
            client.sendLocation(Location.of(Instant.now(), 1, 1));
            client.sendLocation(Location.of(Instant.now(), 1, 2));

            assertThatThrownBy(() -> client.sendLocation(Location.of(Instant.now(), 1, 3)))
                    .isInstanceOf(BufferFullException.class).isInstanceOf(SwitchboardClientException.class);
            assertThat(client.stats().dropped()).isEqualTo(1);
            assertThat(client.buffered()).isEqualTo(2);
        }
    }

    @Test
    void a_full_buffer_that_drops_the_oldest_keeps_the_newest_and_reports_the_dropped() {
        List<String> dropped = new CopyOnWriteArrayList<>();
        try (SwitchboardClient client = SwitchboardClient.builder(node.url()).childHash("unused")
                .buffer(new MemoryMessageBuffer(new BufferLimits(2, 1_000_000, OverflowPolicy.DROP_OLDEST)))
                .onDelivery(new DeliveryListener() {
                    @Override
                    public void onDropped(String id, String type) {
                        dropped.add(id);
                    }
                }).build()) {
            String oldest = client.sendLocation(Location.of(Instant.now(), 1, 1));
            client.sendLocation(Location.of(Instant.now(), 1, 2));
            client.sendLocation(Location.of(Instant.now(), 1, 3));

            assertThat(dropped).containsExactly(oldest);
            assertThat(client.stats().dropped()).isEqualTo(1);
        }
    }

    @Test
    void mistakes_fail_at_the_call_not_in_a_rejection_later() {
        assertThatThrownBy(() -> Location.of(Instant.now(), 91, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latitude");
        assertThatThrownBy(() -> ScreenTime.builder(LocalDate.now(), 90_000)).hasMessageContaining("total_screen_time");
        assertThatThrownBy(() -> ScreenTime.builder(LocalDate.now(), 10).app("a", 24, 1)).hasMessageContaining("hour");
        assertThatThrownBy(() -> SiteAccess.of(Collections.emptyList())).hasMessageContaining("logs");
        assertThatThrownBy(() -> SwitchboardClient.builder(node.url()).build()).hasMessageContaining("childHash");
        assertThatThrownBy(() -> SwitchboardClient.builder(node.url()).childHash("h").build()).hasMessageContaining("buffer");
        assertThatThrownBy(() -> SwitchboardClient.builder("not a url")).isInstanceOf(IllegalArgumentException.class);

        List<SiteVisit> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(SiteVisit.of(Instant.now(), "https://example.com/" + "x".repeat(1000) + i, true));
        }
        try (SwitchboardClient client = SwitchboardClient.builder(node.url()).childHash("h").buffer(new MemoryMessageBuffer()).build()) {
            assertThatThrownBy(() -> client.sendSiteAccess(SiteAccess.of(many))).isInstanceOf(MessageTooLargeException.class);
            assertThat(client.buffered()).isZero();
            client.close();
            assertThatThrownBy(() -> client.sendLocation(Location.of(Instant.now(), 0, 0))).isInstanceOf(IllegalStateException.class);
        }
    }
}

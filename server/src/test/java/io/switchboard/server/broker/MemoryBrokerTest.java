package io.switchboard.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The memory broker's history reads are ordered with its deliveries, so recovery can meet the live stream exactly. */
@Timeout(30)
class MemoryBrokerTest {
    private static final HistoryOptions KEPT = new HistoryOptions(100, Duration.ofMinutes(1));

    private final Vertx vertx = Vertx.vertx();
    private final MemoryBroker broker = new MemoryBroker(vertx, 1, new MemoryChannelHistory(c -> KEPT));

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void a_recovery_read_while_a_kept_publication_is_being_delivered_completes_after_that_delivery() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch delivering = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        broker.listener(p -> {
            delivering.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add("delivered " + p.offset());
        });
        broker.subscribe("kept:c");
        String epoch = broker.history().position("kept:c").toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS).epoch();

        broker.publish(Publication.of("kept:c", "message", "1".getBytes(StandardCharsets.UTF_8)));
        assertThat(delivering.await(5, TimeUnit.SECONDS)).as("the publication was kept and is being delivered").isTrue();
        var read = broker.history().recover("kept:c", epoch, 0, 100)
                .onSuccess(r -> events.add("read " + r.position().offset()));
        release.countDown();

        assertThat(read.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).publications()).hasSize(1);
        assertThat(events).containsExactly("delivered 1", "read 1");
    }
}

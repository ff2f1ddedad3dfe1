package io.switchboard.server.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Json;
import io.switchboard.server.broker.Broker;
import io.switchboard.server.broker.ChannelHistory;
import io.switchboard.server.broker.HistoryOptions;
import io.switchboard.server.broker.Publication;
import io.switchboard.server.broker.Recovery;
import io.switchboard.server.broker.StreamPosition;
import io.switchboard.server.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The registry's side of exact recovery, each race played out step by step on a broker the test drives: a
 * recovering subscriber gets the publications after its offset once and in order however its subscribe and the
 * live fan-out interleave.
 */
@Timeout(30)
class ChannelRegistryRecoveryTest {
    private static final String CHANNEL = "public:race";
    private static final String EPOCH = "e1";

    private final DrivenBroker broker = new DrivenBroker();
    private final ChannelRegistry registry = new ChannelRegistry(broker, new Metrics());

    @Test
    void a_subscriber_that_joins_while_a_publication_is_being_fanned_out_gets_it_once_after_its_replay()
            throws Exception {
        // Hash codes place the three in consecutive bins of the channel's map, so the fan-out's walk meets the
        // recovering one after it has started and is held inside the first subscriber's delivery.
        RecordingSubscriber first = new RecordingSubscriber(0);
        RecordingSubscriber second = new RecordingSubscriber(1);
        RecordingSubscriber recovering = new RecordingSubscriber(2);
        registry.subscribe(first, CHANNEL).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        registry.subscribe(second, CHANNEL).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Publication eleventh = published(11);
        first.holdNextDelivery();

        Thread fanOut = new Thread(() -> broker.listener.accept(eleventh), "fan-out");
        fanOut.start();
        first.awaitHeld();
        Future<Recovery> subscribed = registry.subscribe(recovering, CHANNEL, EPOCH, 10, 100);
        first.release();
        fanOut.join(TimeUnit.SECONDS.toMillis(5));
        broker.history.recovery.complete(new Recovery(true, new StreamPosition(EPOCH, 11), List.of(eleventh)));

        assertThat(subscribed.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).position())
                .isEqualTo(new StreamPosition(EPOCH, 11));
        assertThat(recovering.offsets).containsExactly(11L);
        assertThat(second.offsets).containsExactly(11L);
    }

    @Test
    void a_later_subscriber_reads_the_history_only_once_the_node_receives_the_channel() throws Exception {
        Promise<Void> nodeSubscribed = Promise.promise();
        broker.nextSubscribe = nodeSubscribed.future();
        RecordingSubscriber first = new RecordingSubscriber(0);
        RecordingSubscriber recovering = new RecordingSubscriber(1);
        Future<Void> firstSubscribed = registry.subscribe(first, CHANNEL);

        Future<Recovery> subscribed = registry.subscribe(recovering, CHANNEL, EPOCH, 10, 100);
        // Read now, the history would end before what is published until the broker's subscription takes effect.
        assertThat(broker.history.reads).isZero();

        nodeSubscribed.complete();
        assertThat(broker.history.reads).isEqualTo(1);
        broker.history.recovery.complete(new Recovery(true, new StreamPosition(EPOCH, 10), List.of()));
        assertThat(firstSubscribed.succeeded()).isTrue();
        assertThat(subscribed.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).recovered()).isTrue();
    }

    private static Publication published(long offset) {
        return Publication.of(CHANNEL, "message", ("{\"n\":" + offset + "}").getBytes(StandardCharsets.UTF_8))
                .at(offset, EPOCH);
    }

    /** A subscriber that records the offsets it receives and can hold one delivery until released. */
    private static final class RecordingSubscriber implements Subscriber {
        final List<Long> offsets = new CopyOnWriteArrayList<>();
        private final int hash;
        private final Set<String> channels = ConcurrentHashMap.newKeySet();
        private volatile CountDownLatch held;
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        RecordingSubscriber(int hash) {
            this.hash = hash;
        }

        void holdNextDelivery() {
            held = released;
        }

        void awaitHeld() throws InterruptedException {
            assertThat(entered.await(5, TimeUnit.SECONDS)).as("the fan-out reached the first subscriber").isTrue();
        }

        void release() {
            released.countDown();
        }

        @Override
        public void deliver(byte[] frame) {
            try {
                offsets.add(Json.mapper().readTree(frame).path("offset").asLong());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            CountDownLatch h = held;
            if (h != null) {
                held = null;
                entered.countDown();
                try {
                    h.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public Set<String> channels() {
            return channels;
        }

        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }
    }

    /** A broker whose publications, subscriptions and history reads the test hands out itself. */
    private static final class DrivenBroker implements Broker {
        final DrivenHistory history = new DrivenHistory();
        volatile Consumer<Publication> listener = p -> { };
        Future<Void> nextSubscribe = Future.succeededFuture();

        @Override
        public void listener(Consumer<Publication> listener) {
            this.listener = listener;
        }

        @Override
        public Future<Void> subscribe(String channel) {
            return nextSubscribe;
        }

        @Override
        public Future<Void> unsubscribe(String channel) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> publish(Publication publication) {
            listener.accept(publication);
            return Future.succeededFuture();
        }

        @Override
        public ChannelHistory history() {
            return history;
        }

        @Override
        public boolean healthy() {
            return true;
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    }

    /** A history whose one recovery the test completes. */
    private static final class DrivenHistory implements ChannelHistory {
        final Promise<Recovery> recovery = Promise.promise();
        volatile int reads;

        @Override
        public HistoryOptions options(String channel) {
            return new HistoryOptions(100, Duration.ofMinutes(1));
        }

        @Override
        public Future<Publication> append(Publication publication, HistoryOptions options) {
            return Future.succeededFuture(publication);
        }

        @Override
        public Future<StreamPosition> position(String channel) {
            return Future.succeededFuture(new StreamPosition(EPOCH, 0));
        }

        @Override
        public Future<Recovery> recover(String channel, String epoch, long offset, int max) {
            reads++;
            return recovery.future();
        }

        @Override
        public Future<io.switchboard.server.broker.HistoryPage> read(String channel, io.switchboard.server.broker.HistoryQuery query) {
            return Future.succeededFuture(new io.switchboard.server.broker.HistoryPage(new StreamPosition(EPOCH, 0), java.util.List.of()));
        }

        @Override
        public Future<Void> remove(String channel) {
            return Future.succeededFuture();
        }
    }
}

package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One channel that keeps history, with a publisher and a subscriber starting on each node. A publisher publishes
 * {@code {"p": its number, "n": 1, 2, 3…}}, each after the previous one was acked, and sends one again on another
 * node when its node went away before the ack (so that one may be published twice). A subscriber processes each
 * message in position order and, when its node goes away or a position is skipped, subscribes again (on another
 * node if need be) with {@code recover} from the last position it processed; when the answer shows that the
 * history itself was lost (Redis lost it: a new epoch), it recovers the new history from its start.
 *
 * <p>Nothing lost means, for every subscriber: positions one after the other within each history, none twice; every
 * acked publication received, each publisher's in the order it published them, a publication twice only when its
 * first attempt went unanswered; and at every position seen by two subscribers, the same publication.
 */
final class ChannelTraffic implements Traffic {
    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(30);

    private final Cluster cluster;
    private final String channel = "public:feed-" + UUID.randomUUID().toString().substring(0, 8);
    private final long paceMillis;
    private final List<Publisher> publishers = new ArrayList<>();
    private final List<Subscriber> subscribers = new ArrayList<>();

    /** Traffic with one publisher and one subscriber per node, each publisher pausing {@code paceMillis} after an ack. */
    ChannelTraffic(Cluster cluster, long paceMillis) {
        this.cluster = cluster;
        this.paceMillis = paceMillis;
    }

    @Override
    public void start() {
        List<NodeProcess> nodes = cluster.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            subscribers.add(new Subscriber(i, nodes.get(i)));
        }
        subscribers.forEach(ClientLoop::startLoop);
        for (int i = 0; i < nodes.size(); i++) {
            publishers.add(new Publisher(i, nodes.get(i)));
        }
        publishers.forEach(ClientLoop::startLoop);
    }

    @Override
    public void awaitProgress(int count, Duration timeout) {
        Map<Publisher, Long> from = new HashMap<>();
        publishers.forEach(p -> from.put(p, p.lastAcked));
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(
                publishers.stream().allMatch(p -> p.lastAcked >= from.get(p) + count))
                .as(() -> "publishers acked " + publishers.stream().map(p -> p.lastAcked - from.get(p)).toList()
                        + " more, expected " + count + " each; " + failures()).isTrue());
    }

    @Override
    public void stopProducing() {
        publishers.forEach(p -> p.stopping = true);
        for (Publisher p : publishers) {
            Throwable t = p.awaitEnd();
            if (t != null) {
                throw new AssertionError("publisher " + p.id + " failed: " + t, t);
            }
        }
    }

    @Override
    public void awaitDelivered(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(
                subscribers.stream().allMatch(s -> s.failure() == null && s.hasEverythingAcked()))
                .as(() -> "subscribers still miss publications: " + subscribers.stream().map(Subscriber::missing).toList()
                        + "; " + failures()).isTrue());
    }

    @Override
    public void assertNothingLost() {
        subscribers.forEach(ClientLoop::join);
        subscribers.forEach(ClientLoop::assertNoFailure);
        Map<String, String> byPosition = new HashMap<>();
        for (Subscriber s : subscribers) {
            assertThat(s.violations).as("subscriber %d: positions out of order", s.id).isEmpty();
            List<Delivery> got = s.deliveries();
            for (Publisher p : publishers) {
                List<Long> seen = got.stream().filter(d -> d.p == p.id).map(d -> d.n).toList();
                List<Long> once = new ArrayList<>();
                for (long n : seen) {
                    if (!once.isEmpty() && once.get(once.size() - 1) == n) {
                        assertThat(p.unanswered).as("subscriber %d got publisher %d's %d twice, which was acked at the first "
                                + "attempt", s.id, p.id, n).contains(n);
                    } else {
                        once.add(n);
                    }
                }
                assertReceived(s, p, once);
            }
            for (Delivery d : got) {
                String before = byPosition.putIfAbsent(d.epoch + "/" + d.offset, d.p + ":" + d.n);
                assertThat(before == null || before.equals(d.p + ":" + d.n))
                        .as("position %s/%d holds %s for one subscriber and %d:%d for subscriber %d", d.epoch, d.offset,
                                before, d.p, d.n, s.id).isTrue();
            }
        }
    }

    /**
     * The history is about to be lost with the backplane (a Redis without persistence killed): a publication acked
     * in {@code [fromNanos, toNanos]} whose fan-out Redis had not flushed to the other nodes yet may never arrive.
     * That is the broker's at-most-once window with nothing left to recover from, and only those may be missing.
     */
    void historyLostAround(long fromNanos, long toNanos) {
        lossFrom = fromNanos;
        lossTo = toNanos;
    }

    private void assertReceived(Subscriber s, Publisher p, List<Long> once) {
        String what = "subscriber " + s.id + ": publisher " + p.id + "'s publications";
        if (lossFrom == Long.MAX_VALUE) {
            Ranges.assertRange(what, once, 1, p.lastAcked);
            return;
        }
        assertThat(once).as("%s, in order and each once", what).isSorted().doesNotHaveDuplicates();
        Set<Long> got = new java.util.HashSet<>(once);
        List<Long> missing = new ArrayList<>();
        for (long n = 1; n <= p.lastAcked; n++) {
            if (!got.contains(n)) {
                missing.add(n);
            }
        }
        for (long n : missing) {
            Long at = p.ackedAt.get(n);
            assertThat(at != null && at >= lossFrom && at <= lossTo)
                    .as("%s: %d is missing, and it was not acked just before Redis went away (missing: %s)", what, n, missing)
                    .isTrue();
        }
    }

    @Override
    public int moves() {
        return publishers.stream().mapToInt(p -> p.moves).sum() + subscribers.stream().mapToInt(s -> s.moves).sum();
    }

    /** How many histories the subscribers saw in all (one each unless Redis lost one). */
    int epochsSeen() {
        return subscribers.stream().mapToInt(s -> s.epochs).min().orElse(0);
    }

    @Override
    public void close() {
        publishers.forEach(ClientLoop::join);
        subscribers.forEach(ClientLoop::join);
    }

    private String failures() {
        List<String> out = new ArrayList<>();
        publishers.stream().filter(p -> p.failure() != null).forEach(p -> out.add("publisher " + p.id + ": " + p.failure()));
        subscribers.stream().filter(s -> s.failure() != null).forEach(s -> out.add("subscriber " + s.id + ": " + s.failure()));
        return out.isEmpty() ? "no client failed" : String.join("; ", out);
    }

    /** One message as a subscriber processed it. */
    private record Delivery(String epoch, long offset, int p, long n) {
    }

    private volatile long lossFrom = Long.MAX_VALUE;
    private volatile long lossTo = Long.MIN_VALUE;

    private final class Publisher extends ClientLoop {
        final int id;
        final Set<Long> unanswered = ConcurrentHashMap.newKeySet();
        /** When each publication's ack came ({@code System.nanoTime()}). */
        final Map<Long, Long> ackedAt = new ConcurrentHashMap<>();
        volatile long lastAcked;
        volatile boolean stopping;
        volatile int moves;
        private NodeProcess node;
        private TestClient client;
        private boolean retrying;

        Publisher(int id, NodeProcess node) {
            super("publisher-" + id);
            this.id = id;
            this.node = node;
            this.client = node.client("publisher-" + id);
        }

        @Override
        void turn() {
            if (stopping && !retrying) {
                halt();
                return;
            }
            long n = lastAcked + 1;
            ObjectNode body = Json.object().put("channel", channel);
            body.putObject("data").put("p", id).put("n", n);
            try {
                Reply r = client.request("publish", body);
                if (r.isAck()) {
                    ackedAt.put(n, System.nanoTime());
                    lastAcked = n;
                    retrying = false;
                    sleep(paceMillis);
                    return;
                }
                if (!"unavailable".equals(r.errorCode())) {
                    throw new AssertionError("publish refused: " + r);
                }
            } catch (AssertionError e) {
                if (client.isOpen()) {
                    throw e;
                }
                unanswered.add(n);
                retrying = true;
                move();
                return;
            }
            // Unavailable (Redis is down): whether it was published is unknown, so try again in a moment.
            unanswered.add(n);
            retrying = true;
            sleep(100);
        }

        private void move() {
            client.close();
            Cluster.Connected<TestClient> moved = cluster.connect(node, n -> n.client("publisher-" + id), MOVE_TIMEOUT);
            node = moved.node();
            client = moved.client();
            moves++;
        }

        @Override
        void finish() {
            client.close();
        }
    }

    private final class Subscriber extends ClientLoop {
        final int id;
        final List<String> violations = new CopyOnWriteArrayList<>();
        private final List<Delivery> deliveries = new ArrayList<>();
        volatile int moves;
        volatile int epochs = 1;
        private NodeProcess node;
        private TestClient client;
        private String epoch;
        private long offset;

        Subscriber(int id, NodeProcess node) {
            super("subscriber-" + id);
            this.id = id;
            this.node = node;
            this.client = node.client(user());
            Reply first = client.request("subscribe", Json.object().put("channel", channel)).assertAck();
            this.epoch = first.data().path("epoch").asText();
            this.offset = first.data().path("offset").asLong();
        }

        private String user() {
            return "subscriber-" + id;
        }

        @Override
        void turn() {
            JsonNode frame;
            try {
                frame = client.awaitMessage(channel, Duration.ofMillis(200));
            } catch (AssertionError e) {
                if (!client.isOpen()) {
                    moveAndRecover();
                }
                return;
            }
            String e = frame.path("epoch").asText();
            long o = frame.path("offset").asLong();
            if (e.equals(epoch) && o == offset + 1) {
                JsonNode data = frame.path("data");
                synchronized (this) {
                    deliveries.add(new Delivery(e, o, data.path("p").asInt(), data.path("n").asLong()));
                }
                offset = o;
            } else if (e.equals(epoch) && o <= offset) {
                violations.add("got " + e + "/" + o + " again after " + epoch + "/" + offset);
            } else {
                // A position skipped, or a history this subscriber has not seen: take it up from where it is.
                recover(true);
            }
        }

        private void moveAndRecover() {
            client.close();
            Cluster.Connected<TestClient> moved = cluster.connect(node, n -> n.client(user()), MOVE_TIMEOUT);
            node = moved.node();
            client = moved.client();
            moves++;
            recover(false);
        }

        /** Subscribes again from the last position processed; bounded, and moves when the node goes away meanwhile. */
        private void recover(boolean subscribed) {
            Recovery recovery = new Recovery(subscribed);
            // Tried in this loop's thread, which owns the client.
            await("subscriber " + id + " subscribed again").atMost(MOVE_TIMEOUT).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200)).pollInSameThread().until(recovery::attempt);
        }

        /** One resubscription from the position the subscriber had processed, over as many attempts as it takes. */
        private final class Recovery {
            private boolean subscribed;
            private String fromEpoch = epoch;
            private long fromOffset = offset;

            Recovery(boolean subscribed) {
                this.subscribed = subscribed;
            }

            /** One attempt: true once subscribed again (recovered or not), false to try again in a moment. */
            boolean attempt() {
                try {
                    if (subscribed) {
                        client.request("unsubscribe", Json.object().put("channel", channel)).assertAck();
                        // Whatever came before the unsubscribe was not processed: the recovery sends it again.
                        drain();
                    }
                    ObjectNode data = Json.object().put("channel", channel);
                    data.putObject("recover").put("epoch", fromEpoch).put("offset", fromOffset);
                    Reply r = client.request("subscribe", data);
                    if (r.isError()) {
                        if (!"unavailable".equals(r.errorCode())) {
                            throw new AssertionError("subscribe refused: " + r);
                        }
                        subscribed = false;
                        return false;
                    }
                    subscribed = true;
                    String now = r.data().path("epoch").asText();
                    if (r.data().path("recovered").asBoolean()) {
                        // The recovered messages came before the ack and wait in the inbox, in order.
                        epoch = fromEpoch;
                        offset = fromOffset;
                        return true;
                    }
                    if (!now.equals(fromEpoch)) {
                        // The history was lost (a new epoch): what it held is gone; take the new one from its start.
                        epochs++;
                        fromEpoch = now;
                        fromOffset = 0;
                        return false;
                    }
                    violations.add("position " + fromEpoch + "/" + fromOffset + " could not be recovered: " + r.json());
                    epoch = now;
                    offset = r.data().path("offset").asLong();
                    return true;
                } catch (AssertionError e) {
                    if (client.isOpen()) {
                        throw e;
                    }
                    client.close();
                    Cluster.Connected<TestClient> moved = cluster.connect(node, n -> n.client(user()), MOVE_TIMEOUT);
                    node = moved.node();
                    client = moved.client();
                    moves++;
                    subscribed = false;
                    return false;
                }
            }
        }

        private void drain() {
            while (true) {
                try {
                    client.awaitMessage(channel, Duration.ZERO);
                } catch (AssertionError none) {
                    return;
                }
            }
        }

        synchronized List<Delivery> deliveries() {
            return List.copyOf(deliveries);
        }

        synchronized boolean hasEverythingAcked() {
            return missing().isEmpty();
        }

        synchronized String missing() {
            List<String> out = new ArrayList<>();
            for (Publisher p : publishers) {
                long have = deliveries.stream().filter(d -> d.p == p.id).mapToLong(Delivery::n).max().orElse(0);
                if (have < p.lastAcked) {
                    out.add(p.id + ": " + have + " of " + p.lastAcked);
                }
            }
            return out.isEmpty() ? "" : "subscriber " + id + " has " + out;
        }

        @Override
        void finish() {
            client.close();
        }
    }
}

package io.switchboard.tests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Hundreds of sockets subscribe with {@code recover} to one channel while a publisher keeps publishing to it as
 * fast as a live subscriber (the tracker) keeps up, each socket asking for the publications from a little behind
 * the latest one the tracker saw. Then every socket's sequence of offsets must be exactly {@code offset + 1,
 * offset + 2, …} up to the last publication: no duplicate, no gap, nothing out of order, wherever replay and live
 * delivery met. Bounded: {@link #SOCKETS} subscriptions, {@link #total()} publications, each wait {@link #WAIT}.
 */
public final class RecoveryStorm {
    /** Subscriptions with {@code recover}, one socket each. */
    public static final int SOCKETS = 300;
    /** How far behind the tracker's latest offset each socket recovers from. */
    static final int BEHIND = 30;
    /** Publications between two subscriptions. */
    static final int STEP = 2;
    /** Publications after the last subscription, so that its replay meets live ones too. */
    static final int TAIL = 60;
    /** How far the publisher may run ahead of the tracker, so no socket's queue ever fills. */
    static final int AHEAD = 100;
    /** The longest any one condition is waited for. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private RecoveryStorm() {
    }

    /** Publications the storm sends. */
    static int total() {
        return BEHIND + SOCKETS * STEP + TAIL;
    }

    /** Opens {@code count} sockets on {@code server}, one user each, every one past {@code connection_established}. */
    public static List<TestClient> open(TestServer server, String users, int count) {
        List<TestClient> sockets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            TestClient socket = server.connect(ConnectOptions.tokenInQuery(server.token(users + "-" + i)));
            socket.awaitEstablished();
            sockets.add(socket);
        }
        return sockets;
    }

    /**
     * Runs the storm on {@code channel} (a namespace that keeps at least {@link #total()} publications, on nodes
     * that recover as many at once, so that however late a subscribe is served it is recovered): the
     * publisher publishes, the tracker subscribes live and paces it, and each of {@code sockets} subscribes with
     * {@code recover} in turn while publications keep coming. Fails naming every socket whose sequence was wrong.
     */
    public static void run(String channel, TestClient publisher, TestClient tracker, List<TestClient> sockets)
            throws InterruptedException {
        Reply first = tracker.request("subscribe", Json.object().put("channel", channel)).assertAck();
        String epoch = first.data().path("epoch").asText();
        long base = first.data().path("offset").asLong();
        long last = base + total();
        AtomicLong seen = new AtomicLong(base);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> trackerErrors = new ConcurrentLinkedQueue<>();

        Thread reader = new Thread(() -> {
            try {
                for (long expected = base + 1; expected <= last && !stop.get(); expected++) {
                    long offset = tracker.awaitMessage(channel).path("offset").asLong();
                    if (offset != expected) {
                        trackerErrors.add("the live tracker got " + offset + " where " + expected + " was next");
                        return;
                    }
                    seen.set(offset);
                }
            } catch (AssertionError e) {
                trackerErrors.add("the live tracker stopped at " + seen.get() + ": " + e.getMessage());
            }
        }, "storm-tracker");
        Thread writer = new Thread(() -> {
            for (int n = 1; n <= total() && !stop.get(); n++) {
                long next = n;
                if (!waitUntil(() -> stop.get() || seen.get() - base + AHEAD >= next)) {
                    return;
                }
                publisher.send("publish", Map.of("channel", channel, "data", Map.of("n", n)));
            }
        }, "storm-publisher");
        reader.start();
        writer.start();
        long[] from = new long[sockets.size()];
        try {
            for (int i = 0; i < sockets.size(); i++) {
                long threshold = base + BEHIND + (long) i * STEP;
                assertThat(waitUntil(() -> seen.get() >= threshold || !trackerErrors.isEmpty()))
                        .as("the tracker reached offset %d", threshold).isTrue();
                assertThat(trackerErrors).isEmpty();
                from[i] = seen.get() - BEHIND;
                ObjectNode data = Json.object().put("channel", channel);
                data.set("recover", Json.object().put("epoch", epoch).put("offset", from[i]));
                ObjectNode frame = Json.object().put("type", "subscribe").put("id", "storm-" + i);
                frame.set("data", data);
                sockets.get(i).send(Json.write(frame));
            }
            for (int i = 0; i < sockets.size(); i++) {
                Reply reply = sockets.get(i).awaitReply("storm-" + i).assertAck();
                assertThat(reply.data().path("recovered").asBoolean()).as("socket %d: %s", i, reply).isTrue();
            }
            writer.join(WAIT.toMillis());
            reader.join(WAIT.toMillis());
            assertThat(trackerErrors).isEmpty();
            assertThat(seen.get()).as("offset the tracker reached").isEqualTo(last);
        } finally {
            stop.set(true);
            writer.join(WAIT.toMillis());
            reader.join(WAIT.toMillis());
        }

        List<String> wrong = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int i = 0; i < sockets.size(); i++) {
            List<Long> got = receivedUpTo(sockets.get(i), channel, last, deadline);
            List<Long> expected = LongStream.rangeClosed(from[i] + 1, last).boxed().toList();
            if (!got.equals(expected)) {
                wrong.add("socket " + i + " recovering from " + from[i] + " got " + describe(got, from[i]));
            }
        }
        assertThat(wrong).as("%d of %d recovering sockets saw a duplicate, a gap or disorder (up to %d)",
                wrong.size(), sockets.size(), last).isEmpty();
    }

    /**
     * The offsets a socket received until the last publication, and any already there after it; waits for them
     * until {@code deadline} ({@link System#nanoTime()}), shared by all sockets so a broken run ends in bounded time.
     */
    private static List<Long> receivedUpTo(TestClient socket, String channel, long last, long deadline) {
        List<Long> got = new ArrayList<>();
        try {
            long offset;
            do {
                Duration wait = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                offset = socket.awaitMessage(channel, wait).path("offset").asLong();
                got.add(offset);
            } while (offset != last);
            while (true) {
                JsonNode extra = socket.awaitMessage(channel, Duration.ZERO);
                got.add(extra.path("offset").asLong());
            }
        } catch (AssertionError nothingMore) {
            return got;
        }
    }

    /** A sequence in short: its start, and every place where it does not go on by one. */
    private static String describe(List<Long> got, long from) {
        List<String> breaks = new ArrayList<>();
        long previous = from;
        for (int k = 0; k < got.size(); k++) {
            if (got.get(k) != previous + 1) {
                breaks.add("#" + k + ": " + previous + " then " + got.get(k));
            }
            previous = got.get(k);
        }
        String head = got.stream().limit(8).map(String::valueOf).collect(Collectors.joining(", "));
        return got.size() + " offsets [" + head + (got.size() > 8 ? ", …" : "") + "], breaks " + breaks;
    }

    /**
     * Waits until the condition holds, checking every millisecond on this thread (the publisher paces itself by it);
     * false when it still does not after {@link #WAIT}.
     */
    private static boolean waitUntil(BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(WAIT).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1)).until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}

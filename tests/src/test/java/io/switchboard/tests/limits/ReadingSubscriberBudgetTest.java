package io.switchboard.tests.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.protocol.CloseCode;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.RawWebSocket;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node's outbound budget closes the sockets whose clients stopped reading, not one that reads but is behind.
 * Two subscribers that stopped reading hold about half the node's budget; then a subscriber that reads steadily,
 * at its own pace, gets a burst of large messages and so holds the largest backlog when the budget is reached.
 * The node may close the stalled ones with 4100 (once the reader drained, the budget may no longer need it); the
 * reader it does not close, and the reader gets every accepted publication in order.
 * (Issue 12's stalled-reader run showed a reading subscriber closed with 4100 this way: the stalled sockets' backlog
 * sat in the kernel, where the node does not count it, while a reader a few frames behind looked the largest.)
 */
@SwitchboardTest(settings = {"outbound-budget-bytes=4m", "outbound-connection-bytes=4m",
        "outbound-queue-frames=100000", "idle-timeout=10m"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadingSubscriberBudgetTest {
    private static final String BOTH = "public:both";
    private static final String BURST = "public:burst";
    private static final String PAD = "x".repeat(32 * 1024);
    private static final long MIB = 1 << 20;
    /** Sent to the reader only at most, as fast as the node takes them, until one is refused. */
    private static final int MAX_BURST = 400;
    private static final Pattern MESSAGE = Pattern.compile("\"channel\":\"([^\"]+)\".*\"seq\":(\\d+)");

    @Test
    void past_the_node_budget_the_stalled_sockets_are_closed_with_4100_and_a_reader_behind_them_is_not(TestServer server)
            throws Exception {
        PacedReader reader = new PacedReader(StalledSocket.subscribe(server.port(), server.token("reader"), BOTH, BURST));
        List<StalledSocket> stalled = new ArrayList<>();
        try {
            stalled.add(StalledSocket.subscribe(server.port(), server.token("stalled-1"), BOTH));
            stalled.add(StalledSocket.subscribe(server.port(), server.token("stalled-2"), BOTH));
            reader.start();

            // To every subscriber until the node holds half its budget: the two stalled ones hold most of it.
            int toBoth = 0;
            while (server.metric("switchboard_outbound_backlog_bytes") < 2 * MIB) {
                HttpReply reply = server.http().publish(BOTH, Map.of("seq", toBoth, "pad", PAD));
                assertThat(reply.status()).as("%s", reply).isEqualTo(202);
                toBoth++;
            }
            // Then to the reader only, until the budget is full: the reader now holds the largest backlog.
            int toBurst = 0;
            HttpReply reply = null;
            while (toBurst < MAX_BURST
                    && (reply = server.http().publish(BURST, Map.of("seq", toBurst, "pad", PAD))).status() == 202) {
                toBurst++;
            }
            assertThat(reply.status()).as("a publication refused once the budget is full: %s", reply).isEqualTo(503);
            assertThat(reply.errorCode()).isEqualTo("unavailable");
            // No more after that: with the stalled sockets gone the reader alone could reach its own 4 MiB share.
            int burst = toBurst;

            int sentToBoth = toBoth;
            await("the reader got every accepted publication").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> reader.received(BOTH) == sentToBoth && reader.received(BURST) == burst
                            || reader.closeCode() != 0);
            assertThat(reader.closeCode()).as("the reader's close code (0: still open)").isZero();
            assertThat(reader.outOfOrder()).isZero();
            // Whatever the node closed at its budget was a stalled socket: the reader is open, so at most the two.
            assertThat(server.metric("switchboard_slow_consumer_closes_total{reason=\"node_budget\"}")).isLessThanOrEqualTo(2);
        } finally {
            reader.stop();
            for (StalledSocket s : stalled) {
                s.close();
            }
        }
    }

    /**
     * Reads the socket on a thread of its own at a steady 50 messages a second (about 1.6 MB/s of 32 KiB
     * messages): a client that keeps up with a steady stream but takes a while to work through a burst.
     */
    private static final class PacedReader implements Runnable {
        private final StalledSocket socket;
        private final Thread thread = new Thread(this, "paced-reader");
        private final Map<String, AtomicInteger> received = Map.of(BOTH, new AtomicInteger(), BURST, new AtomicInteger());
        private final AtomicInteger outOfOrder = new AtomicInteger();
        private volatile int closeCode;
        private volatile boolean running = true;

        PacedReader(StalledSocket socket) {
            this.socket = socket;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        int received(String channel) {
            return received.get(channel).get();
        }

        int outOfOrder() {
            return outOfOrder.get();
        }

        int closeCode() {
            return closeCode;
        }

        void stop() throws IOException {
            running = false;
            socket.close();
        }

        @Override
        public void run() {
            try {
                while (running) {
                    RawWebSocket.Frame frame;
                    try {
                        frame = socket.next();
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    if (frame.opcode() == 8) {
                        closeCode = frame.closeCode();
                        return;
                    }
                    if (frame.opcode() != 1) {
                        continue;
                    }
                    Matcher m = MESSAGE.matcher(frame.text());
                    if (m.find() && received.containsKey(m.group(1))) {
                        AtomicInteger count = received.get(m.group(1));
                        if (Integer.parseInt(m.group(2)) != count.get()) {
                            outOfOrder.incrementAndGet();
                        }
                        count.incrementAndGet();
                        // The client's reading pace (20 ms a message), not a wait for a condition.
                        Thread.sleep(20);
                    }
                }
            } catch (IOException e) {
                if (running && closeCode == 0) {
                    closeCode = 1006;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

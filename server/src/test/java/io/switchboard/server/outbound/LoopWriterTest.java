package io.switchboard.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.DefaultEventLoop;
import io.switchboard.server.limits.OutboundBudget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One event loop's writer: order per socket from any thread, one shared buffer per fan-out, the budget settled. */
@Timeout(60)
class LoopWriterTest {
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final OutboundBudget budget = new OutboundBudget(1 << 30, 1 << 20);
    private final AtomicInteger overBudget = new AtomicInteger();
    private final LoopWriter writer = new LoopWriter(loop, budget, overBudget::incrementAndGet);

    @AfterEach
    void stop() throws InterruptedException {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5_000);
    }

    /** A socket stand-in that keeps the payload of every frame it was given, and the buffers, on the loop. */
    private final class Recorder implements FrameTarget {
        final List<String> payloads = Collections.synchronizedList(new ArrayList<>());
        final List<ByteBuf> buffers = Collections.synchronizedList(new ArrayList<>());
        volatile int flushes;
        boolean inBatch;
        volatile boolean offLoop;
        /** Channels this socket left; touched on the loop, as a session's are. */
        final java.util.Set<String> left = new java.util.HashSet<>();

        @Override
        public boolean subscribed(String channel) {
            return !left.contains(channel);
        }

        @Override
        public LoopWriter writer() {
            return writer;
        }

        @Override
        public boolean write(ByteBuf frame, int cost) {
            offLoop |= !loop.inEventLoop();
            buffers.add(frame);
            // The payload after the 2-byte header of a short text frame.
            payloads.add(frame.toString(frame.readerIndex() + 2, frame.readableBytes() - 2, StandardCharsets.UTF_8));
            boolean first = !inBatch;
            inBatch = true;
            return first;
        }

        @Override
        public void endBatch() {
            inBatch = false;
            flushes++;
        }
    }

    @Test
    void frames_handed_over_from_many_threads_reach_a_socket_in_each_thread_s_order_and_all_of_them_flushed() throws Exception {
        Recorder socket = new Recorder();
        int threads = 4;
        int each = 2_000;
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            senders.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    writer.send(socket, (thread + ":" + i).getBytes(StandardCharsets.UTF_8));
                }
            }));
        }
        senders.forEach(Thread::start);
        for (Thread s : senders) {
            s.join();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> socket.payloads.size() == threads * each && !socket.inBatch);
        int[] next = new int[threads];
        synchronized (socket.payloads) {
            for (String p : socket.payloads) {
                String[] parts = p.split(":");
                int thread = Integer.parseInt(parts[0]);
                assertThat(Integer.parseInt(parts[1])).as("thread %d's frames in order", thread).isEqualTo(next[thread]++);
            }
        }
        assertThat(socket.offLoop).as("written on the loop only").isFalse();
        assertThat(socket.flushes).isPositive();
        assertThat(budget.held()).as("nothing left counted once written").isZero();
    }

    /** Keeps the loop busy until the latch is counted down (10 s at most), so that what is handed over stays queued. */
    private java.util.concurrent.CountDownLatch holdLoop() {
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        loop.execute(() -> {
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return hold;
    }

    @Test
    void a_fan_out_hands_every_socket_the_same_encoded_buffer_and_lets_go_of_it_after() {
        Recorder[] sockets = {new Recorder(), new Recorder(), new Recorder()};
        ByteBuf frame = WebSocketFrames.text(io.netty.buffer.ByteBufAllocator.DEFAULT,
                "{\"type\":\"message\"}".getBytes(StandardCharsets.UTF_8));

        writer.fanOut("news", sockets, sockets.length, frame, OutboundBudget.cost(18));
        assertThat(frame.refCnt()).as("the writer holds its own reference until the loop took the frame").isGreaterThanOrEqualTo(1);
        frame.release();

        await().atMost(Duration.ofSeconds(10)).until(() -> sockets[2].flushes == 1);
        for (Recorder s : sockets) {
            assertThat(s.buffers).containsExactly(sockets[0].buffers.get(0));
            assertThat(s.payloads).containsExactly("{\"type\":\"message\"}");
        }
        assertThat(frame.refCnt()).as("released once every socket had it").isZero();
        assertThat(budget.held()).isZero();
    }

    @Test
    void a_socket_that_left_the_channel_before_the_loop_got_to_a_fan_out_does_not_get_it() throws Exception {
        Recorder stays = new Recorder();
        Recorder leaves = new Recorder();
        ByteBuf frame = WebSocketFrames.text(io.netty.buffer.ByteBufAllocator.DEFAULT,
                "{\"type\":\"message\"}".getBytes(StandardCharsets.UTF_8));
        // The fan-out has read the channel's subscribers (both) when the loop runs the unsubscribe and answers it;
        // only then is the publication handed over.
        loop.submit(() -> {
            leaves.left.add("news");
            writer.send(leaves, "{\"type\":\"ack\"}".getBytes(StandardCharsets.UTF_8));
        }).sync();
        writer.fanOut("news", new FrameTarget[] {stays, leaves}, 2, frame, OutboundBudget.cost(18));
        frame.release();

        await().atMost(Duration.ofSeconds(10)).until(() -> stays.payloads.size() == 1 && frame.refCnt() == 0);
        assertThat(stays.payloads).containsExactly("{\"type\":\"message\"}");
        assertThat(leaves.payloads).as("nothing after the unsubscribe's answer").containsExactly("{\"type\":\"ack\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> budget.held() == 0);
    }

    @Test
    void a_queue_longer_than_one_batch_is_flushed_once_when_it_is_empty() throws Exception {
        Recorder[] sockets = {new Recorder(), new Recorder()};
        ByteBuf frame = WebSocketFrames.text(io.netty.buffer.ByteBufAllocator.DEFAULT,
                "{\"type\":\"message\"}".getBytes(StandardCharsets.UTF_8));
        int publications = LoopWriter.MAX_WRITES_PER_BATCH; // two sockets each: two batches' worth
        // Held on the loop while everything is handed over, so that the queue is longer than one batch.
        java.util.concurrent.CountDownLatch hold = holdLoop();
        for (int i = 0; i < publications; i++) {
            writer.fanOut("news", sockets, sockets.length, frame, OutboundBudget.cost(18));
        }
        frame.release();
        hold.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> sockets[1].payloads.size() == publications
                && sockets[1].flushes > 0);
        for (Recorder s : sockets) {
            assertThat(s.flushes).as("one system call's worth per socket, not one flush per batch").isEqualTo(1);
        }
        assertThat(frame.refCnt()).isZero();
        assertThat(budget.held()).as("counted until flushed, then let go").isZero();
    }

    @Test
    void a_queue_that_reaches_the_node_budget_calls_for_shedding() {
        LoopWriter tight = new LoopWriter(loop, new OutboundBudget(1_000, 1_000), overBudget::incrementAndGet);
        Recorder socket = new Recorder();
        // The loop is kept busy so that what is handed over stays queued.
        java.util.concurrent.CountDownLatch hold = holdLoop();
        for (int i = 0; i < 10; i++) {
            tight.send(socket, new byte[100]);
        }
        hold.countDown();

        assertThat(overBudget.get()).isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.payloads.size() == 10);
    }

    @Test
    void the_frame_header_carries_the_length_in_the_form_its_size_needs() {
        for (int length : new int[] {0, 125, 126, 65_535, 65_536}) {
            ByteBuf frame = WebSocketFrames.text(Unpooled.buffer().alloc(), new byte[length]);
            assertThat(frame.getUnsignedByte(0)).as("final text frame").isEqualTo((short) 0x81);
            int marker = frame.getUnsignedByte(1);
            long encoded = marker < 126 ? marker : marker == 126 ? frame.getUnsignedShort(2) : frame.getLong(2);
            assertThat(encoded).isEqualTo(length);
            assertThat(frame.readableBytes()).isEqualTo(WebSocketFrames.headerLength(length) + length);
            frame.release();
        }
    }

    @Test
    void the_delivery_latency_gets_one_sample_per_batch_however_many_frames_it_wrote() throws Exception {
        Timer latency = Timer.builder("test_delivery_latency").register(new SimpleMeterRegistry());
        LoopWriter measured = new LoopWriter(loop, budget, overBudget::incrementAndGet, latency);
        Recorder socket = new Recorder();
        // Held on the loop while 100 frames are handed over, so that one batch takes them all.
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        loop.execute(() -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 100; i++) {
            measured.send(socket, ("f" + i).getBytes(StandardCharsets.UTF_8));
        }
        hold.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.payloads.size() == 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> latency.count() == 1);
        assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }
}

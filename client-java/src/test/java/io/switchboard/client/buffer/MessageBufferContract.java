package io.switchboard.client.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every {@link MessageBuffer} promises: order, bounds, the overflow policies and the dropped counter. */
abstract class MessageBufferContract {
    private final List<MessageBuffer> opened = new ArrayList<>();

    /** A new, empty buffer with these limits. */
    abstract MessageBuffer create(BufferLimits limits);

    MessageBuffer buffer(int maxMessages, long maxBytes, OverflowPolicy policy) {
        MessageBuffer b = create(new BufferLimits(maxMessages, maxBytes, policy));
        opened.add(b);
        return b;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(MessageBuffer::close);
    }

    static BufferedMessage add(MessageBuffer b, String id) {
        return b.append(id, "location", envelope(id, 0), 1_000L);
    }

    static String envelope(String id, int padding) {
        return "{\"type\":\"location\",\"id\":\"" + id + "\",\"data\":{\"pad\":\"" + "x".repeat(padding) + "\"}}";
    }

    static List<String> ids(List<BufferedMessage> messages) {
        return messages.stream().map(BufferedMessage::id).collect(Collectors.toList());
    }

    @Test
    void messages_come_back_in_the_order_they_were_appended_with_increasing_seqs() {
        MessageBuffer b = buffer(100, 1 << 20, OverflowPolicy.REJECT_NEW);
        BufferedMessage first = add(b, "a");
        BufferedMessage second = add(b, "b");
        add(b, "c");

        assertThat(second.seq()).isGreaterThan(first.seq());
        assertThat(ids(b.peek(0, 10))).containsExactly("a", "b", "c");
        assertThat(ids(b.peek(first.seq(), 10))).containsExactly("b", "c");
        assertThat(ids(b.peek(0, 2))).containsExactly("a", "b");
        assertThat(b.peek(0, 1).get(0).envelope()).isEqualTo(envelope("a", 0));
    }

    @Test
    void a_removed_message_is_gone_and_removing_it_again_is_harmless() {
        MessageBuffer b = buffer(100, 1 << 20, OverflowPolicy.REJECT_NEW);
        BufferedMessage a = add(b, "a");
        add(b, "b");

        assertThat(b.remove(a.seq())).isTrue();
        assertThat(b.remove(a.seq())).isFalse();
        assertThat(ids(b.peek(0, 10))).containsExactly("b");
        assertThat(b.size()).isEqualTo(1);
        assertThat(b.bytes()).isEqualTo(envelope("b", 0).length());
    }

    @Test
    void reject_new_refuses_the_message_over_the_count_and_counts_it_as_dropped() {
        MessageBuffer b = buffer(3, 1 << 20, OverflowPolicy.REJECT_NEW);
        add(b, "a");
        add(b, "b");
        add(b, "c");

        assertThatThrownBy(() -> add(b, "d")).isInstanceOf(BufferFullException.class)
                .satisfies(e -> assertThat(((BufferFullException) e).messages()).isEqualTo(3));
        assertThat(ids(b.peek(0, 10))).containsExactly("a", "b", "c");
        assertThat(b.dropped()).isEqualTo(1);
    }

    @Test
    void drop_oldest_makes_room_by_removing_the_oldest_and_reports_them() {
        MessageBuffer b = buffer(3, 1 << 20, OverflowPolicy.DROP_OLDEST);
        List<String> reported = new ArrayList<>();
        b.onDrop(m -> reported.add(m.id()));
        for (String id : new String[] {"a", "b", "c", "d", "e"}) {
            add(b, id);
        }

        assertThat(ids(b.peek(0, 10))).containsExactly("c", "d", "e");
        assertThat(reported).containsExactly("a", "b");
        assertThat(b.dropped()).isEqualTo(2);
    }

    @Test
    void the_byte_bound_holds_as_well_as_the_count() {
        int size = envelope("a", 100).length();
        MessageBuffer b = buffer(1000, size * 3L, OverflowPolicy.DROP_OLDEST);
        for (String id : new String[] {"a", "b", "c", "d"}) {
            b.append(id, "location", envelope(id, 100), 0);
        }

        assertThat(b.bytes()).isLessThanOrEqualTo(size * 3L);
        assertThat(ids(b.peek(0, 10))).containsExactly("b", "c", "d");
        assertThat(b.dropped()).isEqualTo(1);
    }

    @Test
    void a_big_message_drops_as_many_old_ones_as_it_needs() {
        int small = envelope("a", 10).length();
        MessageBuffer b = buffer(1000, small * 4L, OverflowPolicy.DROP_OLDEST);
        for (String id : new String[] {"a", "b", "c", "d"}) {
            b.append(id, "location", envelope(id, 10), 0);
        }
        b.append("z", "location", envelope("z", 10 + 2 * small), 0);

        assertThat(ids(b.peek(0, 10))).containsExactly("d", "z");
        assertThat(b.dropped()).isEqualTo(3);
    }

    @Test
    void a_message_larger_than_the_whole_buffer_is_refused_and_nothing_is_dropped() {
        MessageBuffer b = buffer(10, 100, OverflowPolicy.DROP_OLDEST);
        add(b, "a");

        assertThatThrownBy(() -> b.append("x", "location", envelope("x", 200), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ids(b.peek(0, 10))).containsExactly("a");
        assertThat(b.dropped()).isZero();
    }

    @Test
    void appends_from_many_threads_are_all_kept_with_distinct_seqs() throws Exception {
        MessageBuffer b = buffer(10_000, 1 << 24, OverflowPolicy.REJECT_NEW);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            pool.submit(() -> {
                go.await();
                for (int i = 0; i < 100; i++) {
                    add(b, thread + "-" + i);
                }
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();

        List<BufferedMessage> all = b.peek(0, 1000);
        assertThat(all).hasSize(400);
        assertThat(all.stream().map(BufferedMessage::seq).distinct().count()).isEqualTo(400);
        for (int t = 0; t < 4; t++) {
            String prefix = t + "-";
            List<String> mine = ids(all).stream().filter(id -> id.startsWith(prefix)).collect(Collectors.toList());
            assertThat(mine).as("thread %d keeps its own order", t).isEqualTo(
                    java.util.stream.IntStream.range(0, 100).mapToObj(i -> prefix + i).collect(Collectors.toList()));
        }
    }
}

package io.switchboard.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A session's outbound queue judges a client slow by frames or by bytes, only when its socket is backed up. */
@Timeout(30)
class OutboundQueueTest {
    @Test
    void bytes_over_the_share_are_refused_only_while_the_socket_is_backed_up_and_at_four_times_it_always() {
        OutboundQueue queue = new OutboundQueue(1_000, 1_000);

        assertThat(queue.offer(900, () -> true)).isNull();
        assertThat(queue.offer(200, () -> false)).as("over the share, but the socket takes frames").isNull();
        assertThat(queue.offer(200, () -> true)).isEqualTo(OutboundQueue.Overflow.BYTES);
        assertThat(queue.bytes()).as("a refused frame holds nothing").isEqualTo(1_100);
        assertThat(queue.offer(3_000, () -> false)).isEqualTo(OutboundQueue.Overflow.BYTES);

        queue.written(1, 900);
        queue.written(1, 200);
        assertThat(queue.bytes()).isZero();
        assertThat(queue.pending()).isZero();
    }

    @Test
    void frames_over_the_limit_are_refused_while_the_socket_is_backed_up() {
        OutboundQueue queue = new OutboundQueue(2, 1 << 20);
        assertThat(queue.offer(10, () -> true)).isNull();
        assertThat(queue.offer(10, () -> true)).isNull();

        assertThat(queue.offer(10, () -> true)).isEqualTo(OutboundQueue.Overflow.FRAMES);
        assertThat(queue.pending()).isEqualTo(2);
    }
}

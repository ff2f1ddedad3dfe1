package io.switchboard.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.switchboard.server.limits.OutboundBudget;
import org.junit.jupiter.api.Test;

/**
 * A socket's backlog as Netty's outbound buffer holds it, against the session's limits and the node's budget. The
 * frame limit counts frames flushed and not yet sent, which an embedded channel never holds: SlowConsumerTest
 * shows it on a real socket.
 */
class OutboundQueueTest {
    @Test
    void bytes_over_the_share_are_refused_only_while_the_socket_is_backed_up_and_at_four_times_it_always() {
        EmbeddedChannel backedUp = new EmbeddedChannel();
        backedUp.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1_000, 2_000));
        OutboundQueue queue = new OutboundQueue(backedUp, 1_000_000, 4_000);
        backedUp.write(Unpooled.wrappedBuffer(new byte[3_000]));
        assertThat(backedUp.isWritable()).isFalse();

        assertThat(queue.offer(500)).as("under the share").isNull();
        assertThat(queue.offer(1_000)).as("over the share while backed up").isEqualTo(OutboundQueue.Overflow.BYTES);

        EmbeddedChannel taking = new EmbeddedChannel();
        OutboundQueue reading = new OutboundQueue(taking, 1_000_000, 4_000);
        taking.write(Unpooled.wrappedBuffer(new byte[10_000]));
        assertThat(taking.isWritable()).isTrue();
        assertThat(reading.offer(1_000)).as("over the share, but the socket takes frames").isNull();
        assertThat(reading.offer(7_000)).as("at four times the share whatever the cause").isEqualTo(OutboundQueue.Overflow.BYTES);
    }

    @Test
    void the_budget_learns_what_the_socket_holds_and_lets_go_when_it_drains_or_ends() {
        OutboundBudget budget = new OutboundBudget(1 << 20, 1 << 20);
        EmbeddedChannel channel = new EmbeddedChannel();
        OutboundQueue queue = new OutboundQueue(channel, 1_000, 1 << 20);
        channel.write(Unpooled.wrappedBuffer(new byte[5_000]));

        assertThat(queue.report(budget)).isEqualTo(queue.bytes()).isGreaterThanOrEqualTo(5_000);
        assertThat(budget.held()).isEqualTo(queue.bytes());

        channel.flush();
        assertThat(queue.bytes()).isZero();
        assertThat(queue.report(budget)).as("drained").isZero();

        channel.write(Unpooled.wrappedBuffer(new byte[700]));
        queue.report(budget);
        queue.forget(budget);
        assertThat(budget.held()).as("ended").isZero();
    }
}

package io.switchboard.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.switchboard.server.outbound.SocketOutput;
import org.junit.jupiter.api.Test;

/**
 * A socket's backlog as Netty's outbound buffer holds it, against the session's limits and the node's budget. The
 * frame limit counts frames flushed and not yet sent, which an embedded channel never holds: SlowConsumerTest
 * shows it on a real socket.
 */
class OutboundQueueTest {
    @Test
    void bytes_over_the_share_are_refused_only_while_the_socket_is_backed_up_and_at_four_times_it_always() {
        EmbeddedChannel backedUp = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        backedUp.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1_000, 2_000));
        OutboundQueue queue = new OutboundQueue(output(backedUp), 1_000_000, 4_000);
        backedUp.write(Unpooled.wrappedBuffer(new byte[3_000]));
        assertThat(backedUp.isWritable()).isFalse();

        assertThat(queue.offer(500)).as("under the share").isNull();
        assertThat(queue.offer(1_000)).as("over the share while backed up").isEqualTo(OutboundQueue.Overflow.BYTES);

        EmbeddedChannel taking = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        OutboundQueue reading = new OutboundQueue(output(taking), 1_000_000, 4_000);
        taking.write(Unpooled.wrappedBuffer(new byte[10_000]));
        assertThat(taking.isWritable()).isTrue();
        assertThat(reading.offer(1_000)).as("over the share, but the socket takes frames").isNull();
        assertThat(reading.offer(7_000)).as("at four times the share whatever the cause").isEqualTo(OutboundQueue.Overflow.BYTES);
    }

    private static SocketOutput output(EmbeddedChannel channel) {
        return new SocketOutput(channel.pipeline().firstContext());
    }
}

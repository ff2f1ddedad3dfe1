package io.switchboard.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.switchboard.server.limits.OutboundBudget;
import org.junit.jupiter.api.Test;

/** A socket's output: views of a shared frame, one flush per batch, and its backlog reported to the node's budget. */
class SocketOutputTest {
    @Test
    void a_shared_frame_is_written_as_a_view_and_the_batch_reports_its_first_frame_once() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        SocketOutput output = new SocketOutput(channel.pipeline().firstContext());
        ByteBuf frame = Unpooled.copiedBuffer(new byte[] {1, 2, 3});

        assertThat(output.write(frame)).as("first of the batch").isTrue();
        assertThat(output.write(frame)).isFalse();
        assertThat(frame.refCnt()).as("each write holds its own reference until sent").isEqualTo(3);
        output.flush();
        assertThat(output.write(frame)).as("a new batch").isTrue();
        output.flush();

        ByteBuf sent = channel.readOutbound();
        assertThat(sent.readableBytes()).isEqualTo(3);
        assertThat(sent.unwrap()).as("a view, not a copy").isSameAs(frame.unwrap() == null ? frame : frame.unwrap());
        sent.release();
        channel.<ByteBuf>readOutbound().release();
        channel.<ByteBuf>readOutbound().release();
        assertThat(frame.refCnt()).isEqualTo(1);
        frame.release();
    }

    @Test
    void a_socket_that_holds_a_system_call_s_worth_unflushed_is_flushed_without_waiting_for_the_batch() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        SocketOutput output = new SocketOutput(channel.pipeline().firstContext());
        ByteBuf frame = Unpooled.copiedBuffer(new byte[] {1, 2, 3});

        for (int i = 0; i < SocketOutput.MAX_UNFLUSHED_FRAMES - 1; i++) {
            output.write(frame);
        }
        assertThat(output.pendingFrames()).as("unflushed frames count").isEqualTo(SocketOutput.MAX_UNFLUSHED_FRAMES - 1);
        assertThat((Object) channel.readOutbound()).as("nothing flushed yet").isNull();
        assertThat(output.write(frame)).as("still the same batch").isFalse();

        for (int i = 0; i < SocketOutput.MAX_UNFLUSHED_FRAMES; i++) {
            channel.<ByteBuf>readOutbound().release();
        }
        assertThat(output.pendingFrames()).isZero();
        output.flush();
        assertThat(frame.refCnt()).isEqualTo(1);
        frame.release();

        ByteBuf large = Unpooled.buffer(SocketOutput.MAX_UNFLUSHED_BYTES / 2).writerIndex(SocketOutput.MAX_UNFLUSHED_BYTES / 2);
        output.write(large);
        assertThat((Object) channel.readOutbound()).as("half the bytes: kept").isNull();
        output.write(large);
        assertThat(channel.outboundMessages()).as("all the bytes: flushed").hasSize(2);
        channel.<ByteBuf>readOutbound().release();
        channel.<ByteBuf>readOutbound().release();
        large.release();
    }

    @Test
    void whole_frames_enter_past_the_websocket_encoders_and_keep_their_order_with_frames_written_as_objects() {
        java.util.concurrent.atomic.AtomicInteger passed = new java.util.concurrent.atomic.AtomicInteger();
        // Between the socket's handler and the encoder, like the permessage-deflate encoder: raw bytes need not pass.
        io.netty.channel.ChannelOutboundHandlerAdapter between = new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void write(io.netty.channel.ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise) {
                passed.incrementAndGet();
                ctx.write(msg, promise);
            }
        };
        EmbeddedChannel channel = new EmbeddedChannel(
                new io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder(false), between,
                new ChannelInboundHandlerAdapter());
        io.netty.channel.ChannelHandlerContext socket = channel.pipeline().lastContext();
        SocketOutput output = new SocketOutput(socket);
        ByteBuf frame = WebSocketFrames.text(Unpooled.buffer().alloc(), new byte[] {'a'});

        output.write(frame);
        socket.write(new io.netty.handler.codec.http.websocketx.TextWebSocketFrame("b"));
        output.write(frame);
        output.flush();

        assertThat(passed.get()).as("only the frame written as an object went through the handlers before the encoder")
                .isEqualTo(1);
        for (String expected : new String[] {"a", "b", "a"}) {
            ByteBuf sent = channel.readOutbound();
            assertThat(WebSocketFrames.payload(sent).toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(expected);
            sent.release();
        }
        frame.release();
    }

    @Test
    void the_budget_learns_what_the_socket_holds_and_lets_go_when_it_drains_or_ends() {
        OutboundBudget budget = new OutboundBudget(1 << 20, 1 << 20);
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        SocketOutput output = new SocketOutput(channel.pipeline().firstContext());
        channel.write(Unpooled.wrappedBuffer(new byte[5_000]));

        assertThat(output.report(budget)).isEqualTo(output.backlogBytes()).isGreaterThanOrEqualTo(5_000);
        assertThat(budget.held()).isEqualTo(output.backlogBytes());

        channel.flush();
        assertThat(output.backlogBytes()).isZero();
        assertThat(output.report(budget)).as("drained").isZero();

        channel.write(Unpooled.wrappedBuffer(new byte[700]));
        output.report(budget);
        output.forget(budget);
        assertThat(budget.held()).as("ended").isZero();
    }
}

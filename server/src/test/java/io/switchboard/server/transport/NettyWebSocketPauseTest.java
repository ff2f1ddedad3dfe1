package io.switchboard.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.switchboard.server.gateway.SocketListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A lean socket paused while its session is set up (an endpoint's on-open step) reads nothing meanwhile, and what the
 * client sent in that time reaches the session afterwards, all of it and in the order sent.
 */
class NettyWebSocketPauseTest {
    private final List<String> heard = new ArrayList<>();
    private final NettyWebSocket socket = new NettyWebSocket("/ws/user-updates/", 65_536);
    private final EmbeddedChannel channel = new EmbeddedChannel(socket);

    NettyWebSocketPauseTest() {
        socket.listen(new SocketListener() {
            @Override
            public void text(String text) {
                heard.add(text);
            }

            @Override
            public void binary(byte[] bytes) {
                heard.add("binary " + bytes.length);
            }

            @Override
            public void pong() {
                heard.add("pong");
            }

            @Override
            public void failed(Throwable cause) {
                heard.add("failed " + cause.getMessage());
            }

            @Override
            public void closed() {
                heard.add("closed");
            }
        });
    }

    @Test
    void frames_read_while_paused_reach_the_session_in_order_once_it_resumes() {
        socket.pause();
        assertThat(channel.config().isAutoRead()).isFalse();
        channel.writeInbound(new TextWebSocketFrame("first"));
        channel.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("p", StandardCharsets.UTF_8)));
        channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer("sec", StandardCharsets.UTF_8)));
        channel.writeInbound(new io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame(true, 0, "ond"));
        channel.writeInbound(new PongWebSocketFrame());
        channel.writeInbound(new TextWebSocketFrame("third"));
        channel.runPendingTasks();
        assertThat(heard).isEmpty();
        assertThat((Object) channel.readOutbound()).as("a ping waits its turn too").isNull();

        socket.resume();
        assertThat(heard).as("handed on from a later turn of the loop, after whoever resumed").isEmpty();
        channel.runPendingTasks();

        assertThat(heard).containsExactly("first", "second", "pong", "third");
        PongWebSocketFrame pong = channel.readOutbound();
        assertThat(pong.content().toString(StandardCharsets.UTF_8)).isEqualTo("p");
        pong.release();
        assertThat(channel.config().isAutoRead()).isTrue();

        channel.writeInbound(new TextWebSocketFrame("live"));
        assertThat(heard).last().isEqualTo("live");
    }

    @Test
    void frames_that_waited_are_released_when_the_connection_ends_before_it_resumes() {
        socket.pause();
        TextWebSocketFrame waiting = new TextWebSocketFrame("never read");
        ByteBuf content = waiting.content();
        channel.writeInbound(waiting);
        channel.writeInbound(new CloseWebSocketFrame(1000, "bye"));

        channel.close();

        assertThat(content.refCnt()).isZero();
        assertThat(heard).containsExactly("closed");
    }
}

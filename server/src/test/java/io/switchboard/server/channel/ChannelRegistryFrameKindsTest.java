package io.switchboard.server.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.DefaultEventLoop;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MsgPack;
import io.switchboard.server.broker.MemoryBroker;
import io.switchboard.server.broker.Publication;
import io.switchboard.server.limits.OutboundBudget;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.outbound.FrameKind;
import io.switchboard.server.outbound.FrameTarget;
import io.switchboard.server.outbound.LoopWriter;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fan-out groups live subscribers by writer and {@link FrameKind}: each kind present is encoded once per
 * publication and that one buffer goes to every subscriber of the kind, JSON as text, MessagePack as binary.
 */
@Timeout(30)
class ChannelRegistryFrameKindsTest {
    private final Vertx vertx = Vertx.vertx();
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final LoopWriter writer = new LoopWriter(loop, new OutboundBudget(1 << 30, 1 << 20), () -> { });
    private final ChannelRegistry registry = new ChannelRegistry(new MemoryBroker(vertx, 1), new Metrics());

    @AfterEach
    void stop() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void each_kind_is_encoded_once_and_its_subscribers_share_that_frame() throws Exception {
        List<Target> json = List.of(new Target(FrameKind.JSON), new Target(FrameKind.JSON));
        List<Target> msgpack = List.of(new Target(FrameKind.MSGPACK), new Target(FrameKind.MSGPACK));
        for (Target t : List.of(json.get(0), msgpack.get(0), json.get(1), msgpack.get(1))) {
            registry.subscribe(t, "public:kinds").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        Publication publication = new Publication("public:kinds", "message",
                "{\"n\":1,\"s\":\"ü\"}".getBytes(StandardCharsets.UTF_8), 7, "e1");
        registry.publish(publication).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> json.stream().allMatch(t -> t.frame != null)
                && msgpack.stream().allMatch(t -> t.frame != null));

        assertThat(json.get(0).frame).as("one buffer for both JSON sockets").isSameAs(json.get(1).frame);
        assertThat(msgpack.get(0).frame).as("one buffer for both MessagePack sockets").isSameAs(msgpack.get(1).frame);
        assertThat(json.get(0).frame).isNotSameAs(msgpack.get(0).frame);

        assertThat(json.get(0).bytes[0] & 0xff).as("final text frame").isEqualTo(0x81);
        assertThat(Arrays.copyOfRange(json.get(0).bytes, 2, json.get(0).bytes.length)).isEqualTo(publication.frame());
        assertThat(msgpack.get(0).bytes[0] & 0xff).as("final binary frame").isEqualTo(0x82);
        assertThat(MsgPack.read(Arrays.copyOfRange(msgpack.get(0).bytes, 2, msgpack.get(0).bytes.length)))
                .isEqualTo(Json.parse(new String(publication.frame(), StandardCharsets.UTF_8)));
    }

    /** A live subscriber of one kind on the test's loop that keeps the first frame written to it. */
    private final class Target implements Subscriber, FrameTarget {
        private final int kind;
        private final Set<String> channels = ConcurrentHashMap.newKeySet();
        volatile ByteBuf frame;
        volatile byte[] bytes;

        Target(int kind) {
            this.kind = kind;
        }

        @Override
        public LoopWriter writer() {
            return writer;
        }

        @Override
        public int frameKind(String channel) {
            return kind;
        }

        @Override
        public boolean write(ByteBuf written, int cost) {
            if (frame == null) {
                bytes = ByteBufUtil.getBytes(written);
                frame = written;
            }
            return false;
        }

        @Override
        public void endBatch() {
        }

        @Override
        public void deliver(byte[] encoded) {
            throw new AssertionError("a live frame target takes its frames from the writer");
        }

        @Override
        public Set<String> channels() {
            return channels;
        }

        @Override
        public boolean isClosed() {
            return false;
        }
    }
}

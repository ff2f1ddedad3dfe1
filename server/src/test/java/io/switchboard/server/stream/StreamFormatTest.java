package io.switchboard.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.switchboard.server.outbound.WebSocketFrames;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A frame encoded once as a WebSocket frame is written to a stream as one whole HTTP/1.1 chunk of the stream's line
 * format, for every size of WebSocket length header, and the shared frame is left as it was.
 */
@Timeout(10)
class StreamFormatTest {

    @Test
    void each_frame_size_becomes_one_chunk_of_sse_and_of_ndjson() {
        for (int size : new int[] {2, 125, 126, 65_535, 65_536, 200_000}) {
            String json = "\"" + "x".repeat(size - 2) + "\"";
            ByteBuf frame = WebSocketFrames.text(ByteBufAllocator.DEFAULT, json.getBytes(StandardCharsets.UTF_8));
            try {
                int before = frame.readableBytes();
                assertThat(chunk(StreamFormat.SSE, frame)).isEqualTo(chunkOf("data: " + json + "\n\n"));
                assertThat(chunk(StreamFormat.NDJSON, frame)).isEqualTo(chunkOf(json + "\n"));
                assertThat(frame.readableBytes()).isEqualTo(before);
                assertThat(frame.refCnt()).isEqualTo(1);
            } finally {
                frame.release();
            }
        }
    }

    @Test
    void the_heartbeats_are_whole_chunks() {
        assertThat(StreamFormat.SSE.heartbeat().toString(StandardCharsets.US_ASCII)).isEqualTo(chunkOf(": ping\n\n"));
        assertThat(StreamFormat.NDJSON.heartbeat().toString(StandardCharsets.US_ASCII)).isEqualTo(chunkOf("\n"));
    }

    @Test
    void the_close_frame_says_code_and_reason_in_each_format() {
        assertThat(StreamFormat.SSE.closeFrame(4006, "bye").toString())
                .isEqualTo("event: close\ndata: {\"type\":\"close\",\"data\":{\"code\":4006,\"reason\":\"bye\"}}\n\n");
        assertThat(StreamFormat.NDJSON.closeFrame(1001, "going away").toString())
                .isEqualTo("{\"type\":\"close\",\"data\":{\"code\":1001,\"reason\":\"going away\"}}\n");
    }

    private static String chunk(StreamFormat format, ByteBuf frame) {
        ByteBuf out = format.frame(ByteBufAllocator.DEFAULT, frame);
        try {
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    private static String chunkOf(String body) {
        return Integer.toHexString(body.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + body + "\r\n";
    }
}

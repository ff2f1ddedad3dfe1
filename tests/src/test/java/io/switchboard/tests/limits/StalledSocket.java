package io.switchboard.tests.limits;

import io.switchboard.tests.support.RawWebSocket;
import java.io.IOException;
import java.time.Duration;

/**
 * A WebSocket client written by hand over a plain TCP socket, which subscribes to channels, reads until the
 * server acknowledged that, and then never reads again: the kernel buffers between it and the node fill, and
 * whatever the node sends next waits in the node. A small receive buffer keeps the kernel's share small. A test may
 * read from it again, at its own pace, with {@link #next()}.
 */
final class StalledSocket implements AutoCloseable {
    private static final int RECEIVE_BUFFER = 16 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Frames read at most before the ack: {@code connection_established} comes first, then the ack. */
    private static final int MAX_FRAMES_BEFORE_ACK = 8;

    private final RawWebSocket ws;

    private StalledSocket(RawWebSocket ws) {
        this.ws = ws;
    }

    /** Reads the next frame, whatever it is (blocks up to the socket's timeout). */
    RawWebSocket.Frame next() throws IOException {
        return ws.nextFrame();
    }

    /** Connects to {@code /ws} with {@code token}, subscribes to each channel and returns once each was acked. */
    static StalledSocket subscribe(int port, String token, String... channels) throws IOException {
        // Unbuffered reads: nothing past the ack is taken from the kernel.
        RawWebSocket ws = RawWebSocket.open(port, "/ws?token=" + token, TIMEOUT, "", RECEIVE_BUFFER);
        try {
            for (String channel : channels) {
                ws.sendText("{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"channel\":\"" + channel + "\"}}");
                awaitAck(ws);
            }
            return new StalledSocket(ws);
        } catch (IOException | RuntimeException e) {
            ws.close();
            throw e;
        }
    }

    private static void awaitAck(RawWebSocket ws) throws IOException {
        for (int i = 0; i < MAX_FRAMES_BEFORE_ACK; i++) {
            String frame = ws.nextFrame().text();
            if (frame.contains("\"type\":\"ack\"")) {
                return;
            }
            if (frame.contains("\"type\":\"error\"")) {
                throw new IOException("subscribe refused: " + frame);
            }
        }
        throw new IOException("no ack within " + MAX_FRAMES_BEFORE_ACK + " frames");
    }

    @Override
    public void close() throws IOException {
        ws.close();
    }
}

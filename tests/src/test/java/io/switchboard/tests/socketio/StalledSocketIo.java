package io.switchboard.tests.socketio;

import io.switchboard.tests.support.RawWebSocket;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;

/**
 * A Socket.IO client on Engine.IO's WebSocket transport written by hand over a plain TCP socket: it connects with
 * a token, joins a room, and then reads nothing until asked, so that the kernel buffers between it and the node
 * fill and what the node sends next waits in the node. A small receive buffer keeps the kernel's share small.
 */
final class StalledSocketIo implements AutoCloseable {
    private static final int RECEIVE_BUFFER = 16 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final RawWebSocket ws;

    private StalledSocketIo(RawWebSocket ws) {
        this.ws = ws;
    }

    /** Connects to {@code /socket.io/} with {@code token}, joins {@code room}, and returns once the join was acked. */
    static StalledSocketIo join(int port, String token, String room) throws IOException {
        // Unbuffered reads: nothing past the join's ack is taken from the kernel.
        RawWebSocket ws = RawWebSocket.open(port, "/socket.io/?EIO=4&transport=websocket", TIMEOUT, "", RECEIVE_BUFFER);
        try {
            expect(ws, "0{");
            ws.sendText("40{\"token\":\"" + token + "\"}");
            expect(ws, "40{\"sid\"");
            ws.sendText("421[\"join\",\"" + room + "\"]");
            expect(ws, "431[]");
            return new StalledSocketIo(ws);
        } catch (IOException | RuntimeException e) {
            ws.close();
            throw e;
        }
    }

    /**
     * Reads on until the server's close frame and returns its code; -1 when the connection ended without one. The
     * client answers no ping meanwhile: the node's close must come first.
     */
    int readToClose() throws IOException {
        ws.readTimeout(Duration.ofSeconds(30));
        try {
            return ws.readUntilClose().closeCode();
        } catch (EOFException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        ws.close();
    }

    private static void expect(RawWebSocket ws, String prefix) throws IOException {
        String text = ws.nextFrame().text();
        if (!text.startsWith(prefix)) {
            throw new IOException("expected " + prefix + "…, got " + text);
        }
    }
}

package io.switchboard.tests.socketio;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A Socket.IO client on Engine.IO's WebSocket transport written by hand over a plain TCP socket: it connects with
 * a token, joins a room, and then reads nothing until asked, so that the kernel buffers between it and the node
 * fill and what the node sends next waits in the node. A small receive buffer keeps the kernel's share small.
 */
final class StalledSocketIo implements AutoCloseable {
    private static final int RECEIVE_BUFFER = 16 * 1024;
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;

    private StalledSocketIo(Socket socket, DataInputStream in) {
        this.socket = socket;
        this.in = in;
    }

    /** Connects to {@code /socket.io/} with {@code token}, joins {@code room}, and returns once the join was acked. */
    static StalledSocketIo join(int port, String token, String room) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(RECEIVE_BUFFER);
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            out.write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Unbuffered reads: nothing past the join's ack is taken from the kernel.
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("handshake refused: " + head.lines().findFirst().orElse(head));
            }
            expect(in, "0{");
            out.write(maskedText("40{\"token\":\"" + token + "\"}"));
            expect(in, "40{\"sid\"");
            out.write(maskedText("421[\"join\",\"" + room + "\"]"));
            expect(in, "431[]");
            return new StalledSocketIo(socket, in);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Reads on until the server's close frame and returns its code; -1 when the connection ended without one. The
     * client answers no ping meanwhile: the node's close must come first.
     */
    int readToClose() throws IOException {
        socket.setSoTimeout(30_000);
        try {
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0f;
                byte[] payload = payload(in);
                if (opcode == 0x8) {
                    return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                }
            }
        } catch (EOFException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static void expect(DataInputStream in, String prefix) throws IOException {
        in.readUnsignedByte();
        String text = new String(payload(in), StandardCharsets.UTF_8);
        if (!text.startsWith(prefix)) {
            throw new IOException("expected " + prefix + "…, got " + text);
        }
    }

    private static String readHead(DataInputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (head.size() < 8192) {
            head.write(in.readUnsignedByte());
            byte[] b = head.toByteArray();
            int n = b.length;
            if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
        throw new IOException("handshake answer over 8 KiB");
    }

    /** The payload of a server frame whose first byte was read (servers do not mask). */
    private static byte[] payload(DataInputStream in) throws IOException {
        int len = in.readUnsignedByte() & 0x7f;
        long length = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
        if (length > 1 << 20) {
            throw new IOException("a frame of " + length + " bytes");
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return payload;
    }

    /** A client text frame: clients must mask (RFC 6455 §5.3). Payloads under 64 KiB. */
    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length >= 65_536) {
            throw new IllegalArgumentException("payload of 64 KiB or more");
        }
        int header = payload.length < 126 ? 2 : 4;
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) 0x81;
        if (header == 2) {
            frame[1] = (byte) (0x80 | payload.length);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        }
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }
}

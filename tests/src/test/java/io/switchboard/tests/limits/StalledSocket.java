package io.switchboard.tests.limits;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client written by hand over a plain TCP socket, which subscribes to channels, reads until the
 * server acknowledged that, and then never reads again: the kernel buffers between it and the node fill, and
 * whatever the node sends next waits in the node. A small receive buffer keeps the kernel's share small. A test may
 * read from it again, at its own pace, with {@link #next()}.
 */
final class StalledSocket implements AutoCloseable {
    private static final int RECEIVE_BUFFER = 16 * 1024;
    private static final int TIMEOUT_MILLIS = 10_000;
    /** Frames read at most before the ack: {@code connection_established} comes first, then the ack. */
    private static final int MAX_FRAMES_BEFORE_ACK = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;

    private StalledSocket(Socket socket, DataInputStream in) {
        this.socket = socket;
        this.in = in;
    }

    /** One frame from the server: its opcode (1 text, 8 close, 9 ping…) and its payload. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame. */
        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    /** Reads the next frame, whatever it is (blocks up to the socket's timeout). */
    Frame next() throws IOException {
        int opcode = in.readUnsignedByte() & 0x0f;
        return new Frame(opcode, readPayload(in));
    }

    /** Connects to {@code /ws} with {@code token}, subscribes to each channel and returns once each was acked. */
    static StalledSocket subscribe(int port, String token, String... channels) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(RECEIVE_BUFFER);
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            out.write(("GET /ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Unbuffered reads: nothing past the ack is taken from the kernel.
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("handshake refused: " + head.lines().findFirst().orElse(head));
            }
            for (String channel : channels) {
                out.write(maskedText("{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"channel\":\"" + channel + "\"}}"));
                out.flush();
                awaitAck(in);
            }
            return new StalledSocket(socket, in);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static void awaitAck(DataInputStream in) throws IOException {
        for (int i = 0; i < MAX_FRAMES_BEFORE_ACK; i++) {
            String frame = readText(in);
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
        socket.close();
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

    /** One unfragmented server frame (servers do not mask), as text. */
    private static String readText(DataInputStream in) throws IOException {
        in.readUnsignedByte();
        return new String(readPayload(in), StandardCharsets.UTF_8);
    }

    private static byte[] readPayload(DataInputStream in) throws IOException {
        int len = in.readUnsignedByte() & 0x7f;
        long length = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
        if (length > 1 << 20) {
            throw new IOException("frame of " + length + " bytes");
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return payload;
    }

    /** A client text frame: clients must mask (RFC 6455 §5.3). Short payloads only. */
    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("payload over 125 bytes");
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }
}

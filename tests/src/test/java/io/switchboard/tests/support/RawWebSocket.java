package io.switchboard.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket client written by hand on a plain socket, for what the JDK client will not do: it never answers
 * a ping (the server sees a peer that has gone silent), and it can send frames that break RFC 6455.
 */
public final class RawWebSocket implements AutoCloseable {
    /** The opcode of a text frame. */
    public static final int OP_TEXT = 0x1;
    private static final int OP_CLOSE = 0x8;

    private final Socket socket;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects to {@code 127.0.0.1:port}, upgrades {@code pathAndQuery} and checks for 101. */
    public static RawWebSocket open(int port, String pathAndQuery, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout((int) readTimeout.toMillis());
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        RawWebSocket ws = new RawWebSocket(socket);
        String head = ws.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(head));
        }
        return ws;
    }

    /** One frame from the server (servers never mask). */
    public record Frame(int opcode, byte[] payload) {
        /** The close code of a close frame, or 1005 when it has none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    /** Sends one final frame; clients must mask (RFC 6455, 5.3), so {@code masked = false} is a protocol violation. */
    public void sendFrame(int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            throw new IllegalArgumentException("payloads over 64 KiB are not supported here");
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] key = new byte[4];
            new SecureRandom().nextBytes(key);
            frame.write(key);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= key[i % 4];
            }
        }
        frame.write(body);
        OutputStream out = socket.getOutputStream();
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads frames, answering none, until a close frame arrives; throws on timeout or end of stream. */
    public Frame readUntilClose() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f.opcode() == OP_CLOSE) {
                return f;
            }
        }
    }

    private Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload);
    }

    private String readHead() throws IOException {
        InputStream raw = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int c = raw.read();
            if (c < 0) {
                throw new IOException("connection closed during the handshake: " + head);
            }
            head.write(c);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

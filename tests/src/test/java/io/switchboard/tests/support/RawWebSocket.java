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
    /** The opcode of a continuation frame: the next fragment of a message. */
    public static final int OP_CONTINUATION = 0x0;
    private static final int OP_CLOSE = 0x8;

    /** The RSV1 bit of a frame's first byte: "compressed" under permessage-deflate (RFC 7692). */
    public static final int RSV1 = 0x40;
    /** The offer of permessage-deflate a browser makes. */
    public static final String DEFLATE_OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";

    private final Socket socket;
    private final DataInputStream in;
    private String handshake = "";
    private Deflate.Inflating inflater;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects to {@code 127.0.0.1:port}, upgrades {@code pathAndQuery} and checks for 101. */
    public static RawWebSocket open(int port, String pathAndQuery, Duration readTimeout) throws IOException {
        return open(port, pathAndQuery, readTimeout, "");
    }

    /**
     * Like {@link #open(int, String, Duration)}, with more header lines in the upgrade request (each ending in
     * CRLF), such as {@link #DEFLATE_OFFER}.
     */
    public static RawWebSocket open(int port, String pathAndQuery, Duration readTimeout, String extraHeaders)
            throws IOException {
        return open(port, pathAndQuery, readTimeout, extraHeaders, 13, 0);
    }

    /** Like {@link #open(int, String, Duration, String)}, offering WebSocket {@code version} (8: the hybi-10 draft). */
    public static RawWebSocket openVersion(int port, String pathAndQuery, Duration readTimeout, String extraHeaders,
            int version) throws IOException {
        return open(port, pathAndQuery, readTimeout, extraHeaders, version, 0);
    }

    /**
     * Like {@link #open(int, String, Duration, String)}, with the socket's receive buffer set to
     * {@code receiveBufferBytes} before it connects: a small one keeps what the kernel holds for a client that stops
     * reading small, so that what the server sends next waits in the server.
     */
    public static RawWebSocket open(int port, String pathAndQuery, Duration readTimeout, String extraHeaders,
            int receiveBufferBytes) throws IOException {
        return open(port, pathAndQuery, readTimeout, extraHeaders, 13, receiveBufferBytes);
    }

    private static RawWebSocket open(int port, String pathAndQuery, Duration readTimeout, String extraHeaders,
            int version, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout((int) readTimeout.toMillis());
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: " + version + "\r\n" + extraHeaders + "\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        RawWebSocket ws = new RawWebSocket(socket);
        String head = ws.readHead();
        ws.handshake = head;
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(head));
        }
        return ws;
    }

    /** One frame from the server (servers never mask). */
    public record Frame(int opcode, byte[] payload, boolean compressed) {
        /** The close code of a close frame, or 1005 when it has none. */
        public int closeCode() {
            return closeCodeOf(payload);
        }

        /** The payload as text (a compressed frame's inflated already). */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        private static int closeCodeOf(byte[] payload) {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    /** The server's answer to the upgrade: status line and headers. */
    public String handshake() {
        return handshake;
    }

    /** Whether the server agreed to permessage-deflate in its 101. */
    public boolean deflateAgreed() {
        return handshake.toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-extensions: permessage-deflate");
    }

    /** Sends one masked text frame. */
    public void sendText(String text) throws IOException {
        sendFrame(OP_TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** How long a read waits from now on. */
    public void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    /** Sends one final frame; clients must mask (RFC 6455, 5.3), so {@code masked = false} is a protocol violation. */
    public void sendFrame(int opcode, byte[] payload, boolean masked) throws IOException {
        sendFrame(true, 0, opcode, payload, masked);
    }

    /** Sends one masked frame with the FIN bit and RSV bits ({@link #RSV1}) given: a fragment when not final. */
    public void sendFrame(boolean fin, int rsvBits, int opcode, byte[] payload) throws IOException {
        sendFrame(fin, rsvBits, opcode, payload, true);
    }

    private void sendFrame(boolean fin, int rsvBits, int opcode, byte[] payload, boolean masked) throws IOException {
        write(encode(fin, rsvBits, opcode, payload, masked));
    }

    /** A masked frame's bytes, for {@link #write(byte[]...)}. */
    public static byte[] frame(boolean fin, int rsvBits, int opcode, byte[] payload) {
        return encode(fin, rsvBits, opcode, payload, true);
    }

    /** Writes frames made by {@link #frame} in one write, so that the server reads them together. */
    public void write(byte[]... frames) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            all.write(f);
        }
        OutputStream out = socket.getOutputStream();
        out.write(all.toByteArray());
        out.flush();
    }

    private static byte[] encode(boolean fin, int rsvBits, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | rsvBits | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (((long) payload.length >>> shift) & 0xff));
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] key = new byte[4];
            new SecureRandom().nextBytes(key);
            frame.writeBytes(key);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= key[i % 4];
            }
        }
        frame.writeBytes(body);
        return frame.toByteArray();
    }

    /** The next frame from the server, whatever it is; throws on timeout or end of stream. */
    public Frame nextFrame() throws IOException {
        return readFrame();
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
        boolean compressed = (b0 & RSV1) != 0;
        if (compressed) {
            if (inflater == null) {
                inflater = new Deflate.Inflating();
            }
            payload = inflater.inflate(payload);
        }
        return new Frame(b0 & 0x0f, payload, compressed);
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

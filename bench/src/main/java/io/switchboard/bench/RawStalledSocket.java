package io.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A socket that upgrades, subscribes, reads its subscribe's answer and then never reads again: what a stalled
 * client looks like to the server. Plain blocking NIO rather than a Vert.x WebSocket paused with {@code pause()}:
 * a paused Vert.x socket still reads and queues frames until its inbound queue is full (about 16 messages), so a
 * thousand of them held half a gigabyte of the generator's direct memory, its publisher's writes failed with
 * OutOfMemoryError and the publications it counted as sent never left the process (issue 12's "server read only
 * part of the publications").
 */
final class RawStalledSocket implements AutoCloseable {
    private static final int MAX_HANDSHAKE_BYTES = 64 * 1024;
    private final SocketChannel channel;

    private RawStalledSocket(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Connects to {@code host:port}, upgrades on {@code pathAndQuery}, subscribes to {@code channel} and reads up to
     * the subscribe's ack (a refusal or anything else fails). {@code receiveBuffer} bytes of kernel buffer (0: the
     * system's default) bound what the client side takes in before the server's backlog grows.
     */
    static RawStalledSocket open(String host, int port, String pathAndQuery, String channel, int receiveBuffer)
            throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            if (receiveBuffer > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            }
            ch.connect(new InetSocketAddress(host, port));
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
            write(ch, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer in = ByteBuffer.allocate(MAX_HANDSHAKE_BYTES);
            int headerEnd = readUntilHeaderEnd(ch, in);
            String head = new String(in.array(), 0, headerEnd, StandardCharsets.ISO_8859_1);
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(""));
            }
            write(ch, maskedText("{\"type\":\"subscribe\",\"id\":1,\"data\":{\"channel\":\"" + channel + "\"}}"));
            // Frames after the 101: connection_established, then the ack (or an error).
            int at = headerEnd;
            while (true) {
                Frame frame = nextTextFrame(ch, in, at);
                at = frame.end();
                String text = frame.text();
                if (text.startsWith("{\"type\":\"ack\"")) {
                    return new RawStalledSocket(ch);
                }
                if (text.startsWith("{\"type\":\"error\"")) {
                    throw new IOException("subscribe refused: " + text);
                }
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** A frame's payload as text, and where in the read buffer the next frame starts. */
    private record Frame(String text, int end) {
    }

    private static Frame nextTextFrame(SocketChannel ch, ByteBuffer in, int at) throws IOException {
        while (true) {
            int have = in.position() - at;
            if (have >= 2) {
                int b1 = in.get(at + 1) & 0x7f;
                int header = b1 < 126 ? 2 : b1 == 126 ? 4 : 10;
                if (have >= header) {
                    long length = b1 < 126 ? b1 : b1 == 126 ? in.getShort(at + 2) & 0xffff : in.getLong(at + 2);
                    if (length > MAX_HANDSHAKE_BYTES / 2) {
                        throw new IOException("a frame of " + length + " bytes before the subscribe's answer");
                    }
                    if (have >= header + length) {
                        return new Frame(new String(in.array(), at + header, (int) length, StandardCharsets.UTF_8),
                                at + header + (int) length);
                    }
                }
            }
            if (!in.hasRemaining() || ch.read(in) < 0) {
                throw new IOException("the connection ended before the subscribe's answer");
            }
        }
    }

    private static int readUntilHeaderEnd(SocketChannel ch, ByteBuffer in) throws IOException {
        while (true) {
            for (int i = 3; i < in.position(); i++) {
                if (in.get(i - 3) == '\r' && in.get(i - 2) == '\n' && in.get(i - 1) == '\r' && in.get(i) == '\n') {
                    return i + 1;
                }
            }
            if (!in.hasRemaining() || ch.read(in) < 0) {
                throw new IOException("no upgrade answer");
            }
        }
    }

    private static ByteBuffer maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("subscribe frame too long: " + payload.length);
        }
        ByteBuffer frame = ByteBuffer.allocate(6 + payload.length);
        frame.put((byte) 0x81).put((byte) (0x80 | payload.length));
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return frame.flip();
    }

    private static void write(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

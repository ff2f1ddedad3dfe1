package io.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One subscriber of the wire scenario, a WebSocket client written on a plain TCP socket so that it counts the bytes
 * the network carried (frame headers included, before any inflating). It asks for its {@link Mode} in the upgrade
 * (permessage-deflate, the MessagePack sub-protocol) or in its subscribe (Fossil deltas), inflates compressed frames
 * as a browser would (each on its own: the server agrees to no context takeover), answers pings, and counts every
 * publication through {@link WireStats}. All its state is touched on its own event loop.
 */
final class WireSubscriber {
    /** What the subscriber asks for. */
    enum Mode { JSON, DEFLATE, MSGPACK, DELTA }

    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;
    private static final int RSV1 = 0x40;
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    /** One inflater per client event loop: messages are compressed on their own, so it is reset for each. */
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(() -> new Inflater(true));

    private final Context context;
    private final WireStats stats;
    private final Mode mode;
    private final String channel;
    private final Promise<Void> ready = Promise.promise();
    private NetSocket socket;
    private Buffer pending = Buffer.buffer();
    private boolean upgraded;
    private boolean established;
    private boolean subscribed;
    private boolean deflateAgreed;

    WireSubscriber(Context context, WireStats stats, Mode mode, String channel) {
        this.context = context;
        this.stats = stats;
        this.mode = mode;
        this.channel = channel;
    }

    /** Whether the server agreed to permessage-deflate in its 101. */
    boolean deflateAgreed() {
        return deflateAgreed;
    }

    /** Connects, upgrades {@code pathAndQuery} and subscribes; completes on the subscription's ack. */
    Future<Void> open(NetClient client, String host, int port, String pathAndQuery, long timeoutMillis) {
        context.runOnContext(v -> {
            long timer = context.owner().setTimer(timeoutMillis, t -> {
                if (ready.tryFail("no subscription ack within " + timeoutMillis + " ms") && socket != null) {
                    socket.close();
                }
            });
            ready.future().onComplete(done -> context.owner().cancelTimer(timer));
            client.connect(port, host).onComplete(ar -> {
                if (ar.failed()) {
                    ready.tryFail(ar.cause());
                    return;
                }
                socket = ar.result();
                socket.handler(this::onData);
                socket.closeHandler(x -> {
                    if (subscribed) {
                        stats.live.decrementAndGet();
                    }
                    ready.tryFail("connection closed before the subscription ack");
                });
                socket.write(Buffer.buffer(upgradeRequest(host, port, pathAndQuery), "US-ASCII"));
            });
        });
        return ready.future();
    }

    private String upgradeRequest(String host, int port, String pathAndQuery) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder r = new StringBuilder("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (mode == Mode.DEFLATE) {
            // What browsers offer.
            r.append("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
        } else if (mode == Mode.MSGPACK) {
            r.append("Sec-WebSocket-Protocol: switchboard.msgpack\r\n");
        }
        return r.append("\r\n").toString();
    }

    private void onData(Buffer data) {
        long now = System.nanoTime();
        if (subscribed) {
            stats.read(data.length(), now);
        }
        Buffer buf = pending.length() == 0 ? data : pending.appendBuffer(data);
        int pos = 0;
        int len = buf.length();
        if (!upgraded) {
            String text = buf.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                pending = buf.copy();
                return;
            }
            String head = text.substring(0, end);
            if (!head.startsWith("HTTP/1.1 101")) {
                ready.tryFail("upgrade refused: " + head.lines().findFirst().orElse(head));
                socket.close();
                return;
            }
            deflateAgreed = head.toLowerCase(Locale.ROOT).contains("sec-websocket-extensions: permessage-deflate");
            upgraded = true;
            pos = end + 4;
        }
        while (len - pos >= 2) {
            int b0 = buf.getUnsignedByte(pos);
            int b1 = buf.getUnsignedByte(pos + 1);
            long length = b1 & 0x7f;
            int header = 2;
            if (length == 126) {
                if (len - pos < 4) {
                    break;
                }
                length = buf.getUnsignedShort(pos + 2);
                header = 4;
            } else if (length == 127) {
                if (len - pos < 10) {
                    break;
                }
                length = buf.getLong(pos + 2);
                header = 10;
            }
            if (len - pos < header + length) {
                break;
            }
            byte[] payload = buf.getBytes(pos + header, pos + header + (int) length);
            pos += header + (int) length;
            frame(b0, payload, now);
        }
        pending = pos >= len ? Buffer.buffer() : buf.getBuffer(pos, len);
    }

    private void frame(int b0, byte[] payload, long now) {
        int opcode = b0 & 0x0f;
        if (opcode == OP_PING) {
            send(OP_PONG, payload);
            return;
        }
        if (opcode == OP_CLOSE) {
            stats.closed(payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005);
            socket.close();
            return;
        }
        if (opcode != OP_TEXT && opcode != OP_BINARY) {
            return;
        }
        boolean compressed = (b0 & RSV1) != 0;
        byte[] message = compressed ? inflate(payload) : payload;
        if (message == null) {
            stats.badFrames.increment();
            return;
        }
        if (subscribed) {
            // After the ack only publications come (the scenario sends nothing else); check the JSON ones are.
            if (opcode == OP_TEXT && !startsWith(message, "{\"type\":\"message\"")) {
                stats.badFrames.increment();
                return;
            }
            stats.delivered(now, compressed);
            return;
        }
        // connection_established, then the subscription's ack (MessagePack: the same words as strings).
        String text = new String(message, StandardCharsets.ISO_8859_1);
        if (!established) {
            established = true;
            send(mode == Mode.MSGPACK ? OP_BINARY : OP_TEXT, subscribe());
        } else if (text.contains("ack")) {
            subscribed = true;
            stats.live.incrementAndGet();
            ready.tryComplete();
        } else if (text.contains("error")) {
            ready.tryFail("subscribe refused: " + text);
        }
    }

    private byte[] subscribe() {
        if (mode == Mode.MSGPACK) {
            // {"type":"subscribe","id":"s","data":{"channel":C}} in MessagePack, written out by hand.
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            m.write(0x83);
            str(m, "type");
            str(m, "subscribe");
            str(m, "id");
            str(m, "s");
            str(m, "data");
            m.write(0x81);
            str(m, "channel");
            str(m, channel);
            return m.toByteArray();
        }
        String delta = mode == Mode.DELTA ? ",\"delta\":\"fossil\"" : "";
        return ("{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"channel\":" + Json.quote(channel) + delta + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void str(ByteArrayOutputStream m, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length < 32) {
            m.write(0xa0 | b.length);
        } else {
            m.write(0xd9);
            m.write(b.length);
        }
        m.writeBytes(b);
    }

    /** A masked, final frame (clients must mask, RFC 6455 §5.3); payloads here are under 126 bytes. */
    private void send(int opcode, byte[] payload) {
        byte[] key = new byte[4];
        ThreadLocalRandom.current().nextBytes(key);
        Buffer frame = Buffer.buffer(6 + payload.length).appendByte((byte) (0x80 | opcode)).appendByte((byte) (0x80 | payload.length))
                .appendBytes(key);
        for (int i = 0; i < payload.length; i++) {
            frame.appendByte((byte) (payload[i] ^ key[i % 4]));
        }
        socket.write(frame);
    }

    private static byte[] inflate(byte[] compressed) {
        Inflater inflater = INFLATER.get();
        inflater.reset();
        inflater.setInput(compressed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = inflater.inflate(buf)) > 0) {
                out.write(buf, 0, n);
            }
            inflater.setInput(TAIL);
            while ((n = inflater.inflate(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            return null;
        }
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] message, String prefix) {
        if (message.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (message[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Closes the connection (end of run). */
    Future<Void> close() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (socket == null) {
                done.tryComplete();
            } else {
                send(OP_CLOSE, new byte[] {0x03, (byte) 0xe8});
                socket.close().onComplete(ar -> done.tryComplete());
            }
        });
        return done.future();
    }
}

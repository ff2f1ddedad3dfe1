package io.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * One subscriber over Socket.IO v5 on Engine.IO v4's WebSocket transport (no polling first, as socket.io-client with
 * {@code transports: ['websocket']}): after the Engine.IO open packet it connects to the default namespace with
 * {@code auth: {token}}, joins the channel with the engine's {@code join} event and an ack id, and after that ack
 * reads {@code 42["message",{seq,t},…]} events; it answers the server's pings so that the heartbeat never closes it.
 * All its state is touched only on its own event loop.
 */
final class SocketIoSubscriberConn extends FanoutSubscriber {
    private static final byte[] MESSAGE_EVENT = "42[\"message\",".getBytes(StandardCharsets.US_ASCII);
    private static final String JOIN_ACK = "431[";

    private final String connectPacket;
    private final String joinPacket;

    SocketIoSubscriberConn(Context context, DeliveryStats stats, String channel, String token) {
        super(context, stats);
        this.connectPacket = "40{\"token\":" + Json.quote(token) + "}";
        this.joinPacket = "421[\"join\"," + Json.quote(channel) + "]";
    }

    @Override
    String joinName() {
        return "join ack";
    }

    @Override
    boolean isMessage(Buffer frame) {
        return startsWith(frame, MESSAGE_EVENT);
    }

    @Override
    void control(Buffer frame) {
        control(frame.toString(StandardCharsets.UTF_8));
    }

    private void control(String packet) {
        if (packet.isEmpty()) {
            stats.badFrames.increment();
            return;
        }
        switch (packet.charAt(0)) {
            case '0' -> socket.writeTextMessage(connectPacket);   // Engine.IO open: connect to the namespace
            case '2' -> socket.writeTextMessage("3");             // Engine.IO ping: pong, or the server closes us
            case '1' -> stats.subscriberError("engine.io close");
            case '4' -> socketIo(packet);
            default -> stats.badFrames.increment();
        }
    }

    private void socketIo(String packet) {
        if (packet.startsWith("40")) {
            socket.writeTextMessage(joinPacket);
        } else if (packet.startsWith("44")) {
            stats.subscriberError("connect_error");
            ready.tryFail("CONNECT refused: " + packet);
        } else if (packet.startsWith(JOIN_ACK)) {
            if (packet.contains("\"error\"")) {
                stats.subscriberError("join refused");
                ready.tryFail("join refused: " + packet);
            } else {
                joined();
            }
        } else if (packet.startsWith("41")) {
            stats.subscriberError("server namespace disconnect");
        } else if (packet.startsWith("42[\"error\"")) {
            stats.subscriberError("error event");
        }
        // other events (a message before the join ack, user events): not part of this scenario
    }

    private static boolean startsWith(Buffer frame, byte[] prefix) {
        if (frame.length() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (frame.getByte(i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

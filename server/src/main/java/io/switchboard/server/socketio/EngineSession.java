package io.switchboard.server.socketio;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Json;
import io.switchboard.server.eventloop.ContextSteps;
import io.switchboard.server.eventloop.RequestLoop;
import io.switchboard.server.gateway.SessionSocket;
import io.switchboard.server.limits.OutboundBudget;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One Engine.IO v4 session: its transport (long-polling, or a WebSocket from the start or after an upgrade), the
 * packets waiting for the next poll, and the heartbeat. The server pings every {@code pingInterval}; a pong that does
 * not come within {@code pingTimeout} ends the session, which is also how a polling client that went away is
 * cleaned up. What waits to be written is bounded by bytes: past the bound the session is closed as too slow.
 *
 * <p>Every field is used on the session's event loop ({@link #context}); the server hops there with
 * {@link #execute}, its WebSockets with {@link #fromSocket}. Polling responses are written on their own request's
 * loop ({@link RequestLoop}); a WebSocket ({@link SessionSocket}, on Netty directly or, for the rare upgrade Vert.x
 * reads, Vert.x's) is written and closed through calls that take any thread to its own loop.
 */
final class EngineSession {
    /** How long a WebSocket that sent its probe may take to send the upgrade packet (as the reference server). */
    private static final long UPGRADE_TIMEOUT_MILLIS = 10_000;
    private static final String TEXT = "text/plain; charset=UTF-8";

    private final String sid;
    private final Context context;
    private final Vertx vertx;
    private final EngineServer server;
    private final SocketIoSettings settings;
    private final OutboundBudget budget;
    private final String handshakeToken;
    private EngineListener listener;
    private boolean websocket;
    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private long outboxBytes;
    private HttpServerRequest poll;
    private SessionSocket ws;
    /** Where the WebSocket's frames go, set with {@link #ws}; read from any thread ({@link #directOut}, {@link #pending}). */
    private volatile WebSocketOut out;
    /** Whether the session began on its WebSocket (no polling, so no upgrade to order packets with). */
    private volatile boolean startedOnWebSocket;
    private SessionSocket probe;
    private boolean upgrading;
    private long pingTimer = -1;
    private long pongTimer = -1;
    private boolean closed;
    private boolean clientClosed;

    EngineSession(String sid, Context context, EngineServer server, SocketIoSettings settings, OutboundBudget budget,
                  String handshakeToken) {
        this.sid = sid;
        this.context = context;
        this.vertx = context.owner();
        this.server = server;
        this.settings = settings;
        this.budget = budget;
        this.handshakeToken = handshakeToken;
    }

    Vertx vertx() {
        return vertx;
    }

    String sid() {
        return sid;
    }

    /** The bearer token of the request that opened the session (header, sub-protocol or query), or null. */
    String handshakeToken() {
        return handshakeToken;
    }

    /** Runs {@code task} on the session's event loop: at once when already there. */
    void execute(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    /**
     * Runs a step of one of the session's WebSockets (a frame, its end, the probe's arrival) on the session's loop
     * with its context current: at once when the socket is on that loop (a Netty socket reports its frames outside
     * any context, so {@link #execute} would queue each one), otherwise queued there. Every step of a socket comes
     * this way, so they keep their order.
     */
    void fromSocket(Runnable step) {
        ContextSteps.run(context, step);
    }

    /** The open packet, {@code 0{"sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"}}. */
    String openPacket() {
        var open = Json.object().put("sid", sid);
        var upgrades = open.putArray("upgrades");
        if (!websocket) {
            upgrades.add("websocket");
        }
        open.put("pingInterval", settings.pingInterval().toMillis())
                .put("pingTimeout", settings.pingTimeout().toMillis())
                .put("maxPayload", settings.maxHttpBufferSize());
        return EnginePacket.OPEN + Json.write(open);
    }

    /** Starts a polling session: the listener gets its messages, the heartbeat runs. On the loop. */
    void startPolling(EngineListener listener) {
        this.listener = listener;
        schedulePing();
    }

    /** Starts a session on a WebSocket of its own (no polling first): the open packet goes out on it. On the loop. */
    void startWebSocket(SessionSocket socket, EngineListener listener) {
        this.listener = listener;
        this.websocket = true;
        this.ws = socket;
        this.out = server.out(socket, this);
        out.send(openPacket());
        startedOnWebSocket = true;
        schedulePing();
    }

    /** Sends a message packet ({@code 4…}). On the loop. */
    void sendMessage(String text) {
        send(EnginePacket.MESSAGE + text);
    }

    private void send(String packet) {
        if (closed) {
            return;
        }
        if (websocket) {
            WebSocketOut to = out;
            if (to != null) {
                to.send(packet);
            }
            return;
        }
        int cost = OutboundBudget.cost(packet.length());
        outbox.add(packet);
        outboxBytes += cost;
        long nodeBacklog = budget.reserve(cost);
        if (outboxBytes > settings.maxBufferedBytes() || overNode(nodeBacklog, outboxBytes)) {
            fail(CloseCode.SLOW_CONSUMER.code(), "more than " + Math.min(outboxBytes, settings.maxBufferedBytes())
                    + " bytes waiting for the next poll", "transport error");
            return;
        }
        flushPoll();
    }

    /**
     * Sends a message packet whose WebSocket frame was encoded once for many sessions ({@code frame}, holding
     * {@code packet} after the {@code 4}). On the loop; a polling session queues the text.
     */
    void sendShared(String packet, ByteBuf frame, int cost) {
        if (closed) {
            return;
        }
        WebSocketOut to = out;
        if (websocket && to != null) {
            to.send(frame, cost);
        } else {
            sendMessage(packet);
        }
    }

    /**
     * Where a session that began on its WebSocket writes, from any thread, without a hop to the session's loop;
     * null for a session that polled first, whose packets go through the loop, which orders them with the upgrade.
     */
    WebSocketOut directOut() {
        return startedOnWebSocket ? out : null;
    }

    /**
     * The probe's answer, before the WebSocket carries the session: a frame of its own through the socket's pipeline,
     * which takes it from any thread onto the socket's loop.
     */
    private static void writeProbe(SessionSocket socket, String text) {
        ChannelHandlerContext channel = socket.channel();
        if (channel != null) {
            channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
        }
    }

    /**
     * Runs {@code task} on the socket's loop after the frames handed to its writer before it: the writer's batches
     * run on that loop ahead of a task queued there later.
     */
    private static void afterWrites(SessionSocket socket, Runnable task) {
        ChannelHandlerContext channel = socket.channel();
        if (channel == null) {
            task.run();
        } else {
            channel.executor().execute(task);
        }
    }

    /** The reason of the close for a message over {@code maxHttpBufferSize}. */
    static String tooLargeReason(int maxHttpBufferSize) {
        return "message larger than maxHttpBufferSize (" + maxHttpBufferSize + " bytes)";
    }

    /** A long-polling GET. On the loop. */
    void poll(HttpServerRequest request) {
        if (closed) {
            respond(request, 200, TEXT, String.valueOf(EnginePacket.CLOSE));
            return;
        }
        if (websocket) {
            server.refuse(request, EngineError.BAD_REQUEST, "the session has upgraded to websocket");
            return;
        }
        if (poll != null) {
            // The reference server closes a session that polls twice at once: the client is broken.
            server.refuse(request, EngineError.BAD_REQUEST, "overlapping polling request");
            close("transport error");
            return;
        }
        poll = request;
        flushPoll();
    }

    /** The client of the pending poll went away before it was answered. On the loop. */
    void pollGone(HttpServerRequest request) {
        if (poll == request) {
            poll = null;
        }
    }

    /**
     * Whether the node's outbound backlog passed its budget and this session holds a real part of it (more than a
     * sixteenth of its own bound): it is closed rather than let the node's memory grow, as the gateway sheds its
     * largest sessions.
     */
    private boolean overNode(long nodeBacklog, long mine) {
        return budget.overNode(nodeBacklog) && mine > settings.maxBufferedBytes() / 16;
    }

    /** Empties the outbox; its bytes leave the node's budget (they go to a response, or nowhere). */
    private void clearOutbox() {
        outbox.clear();
        budget.release(outboxBytes);
        outboxBytes = 0;
    }

    private void flushPoll() {
        if (poll == null || (outbox.isEmpty() && !upgrading)) {
            return;
        }
        List<String> packets = new ArrayList<>(outbox);
        clearOutbox();
        if (packets.isEmpty()) {
            // Lets the client's pending poll end, so that it can pause polling and finish the upgrade.
            packets.add(String.valueOf(EnginePacket.NOOP));
        }
        HttpServerRequest request = poll;
        poll = null;
        respond(request, 200, TEXT, EnginePacket.join(packets));
    }

    /** A polling POST's body, read whole; answers {@code ok}, or 400 and closes the session for a bad packet. On the loop. */
    void post(HttpServerRequest request, String body) {
        if (closed) {
            server.refuse(request, EngineError.UNKNOWN_SID, null);
            return;
        }
        try {
            for (String packet : EnginePacket.split(body)) {
                onPacket(packet, true);
                if (closed) {
                    break;
                }
            }
        } catch (PacketException | IllegalArgumentException e) {
            server.refuse(request, EngineError.BAD_REQUEST, e.getMessage());
            close("parse error");
            return;
        }
        respond(request, 200, "text/html", "ok");
    }

    private void onPacket(String packet, boolean polling) {
        switch (packet.charAt(0)) {
            case EnginePacket.PONG -> {
                if (pongTimer >= 0) {
                    vertx.cancelTimer(pongTimer);
                    pongTimer = -1;
                    schedulePing();
                }
            }
            case EnginePacket.PING -> send(EnginePacket.PONG + packet.substring(1));
            case EnginePacket.MESSAGE -> listener.onMessage(packet.substring(1));
            case EnginePacket.CLOSE -> {
                // The client closes: its pending poll ends with a noop, as the reference server answers it.
                clientClosed = true;
                close("transport close");
            }
            case EnginePacket.NOOP -> { }
            case EnginePacket.BINARY -> {
                if (!polling) {
                    throw new PacketException("a 'b' packet is for polling; send binary data as a binary frame");
                }
                byte[] data;
                try {
                    data = EnginePacket.binary(packet);
                } catch (IllegalArgumentException e) {
                    throw new PacketException("a 'b' packet must hold base64");
                }
                listener.onBinary(data);
            }
            case EnginePacket.UPGRADE -> throw new PacketException("an upgrade packet outside an upgrade");
            default -> throw new PacketException("unknown engine.io packet type '" + truncate(packet) + "'");
        }
    }

    /** A WebSocket asks to take the session over from polling. On the loop. */
    void probe(SessionSocket socket) {
        if (closed || websocket || probe != null) {
            socket.close(CloseCode.PROTOCOL_ERROR.code(), "the session cannot upgrade now");
            return;
        }
        probe = socket;
        vertx.setTimer(UPGRADE_TIMEOUT_MILLIS, t -> {
            if (probe == socket) {
                probe = null;
                upgrading = false;
                socket.close(CloseCode.PROTOCOL_ERROR.code(), "upgrade timed out");
            }
        });
    }

    /** A text frame from one of the session's WebSockets. On the loop. */
    void onWebSocketText(SessionSocket socket, String text) {
        if (closed) {
            return;
        }
        try {
            if (socket == probe) {
                onProbeText(text);
            } else if (socket == ws) {
                if (text.isEmpty()) {
                    throw new PacketException("an empty frame");
                }
                onPacket(text, false);
            }
        } catch (PacketException e) {
            fail(CloseCode.PROTOCOL_ERROR.code(), e.getMessage(), "parse error");
        }
    }

    private void onProbeText(String text) {
        if (text.equals("2probe")) {
            writeProbe(probe, "3probe");
            upgrading = true;
            flushPoll();
        } else if (text.equals(String.valueOf(EnginePacket.UPGRADE)) && upgrading) {
            websocket = true;
            upgrading = false;
            ws = probe;
            out = server.out(ws, this);
            probe = null;
            if (poll != null) {
                HttpServerRequest request = poll;
                poll = null;
                respond(request, 200, TEXT, String.valueOf(EnginePacket.NOOP));
            }
            List<String> waiting = new ArrayList<>(outbox);
            clearOutbox();
            for (String packet : waiting) {
                out.send(packet);
            }
        } else {
            SessionSocket socket = probe;
            probe = null;
            upgrading = false;
            socket.close(CloseCode.PROTOCOL_ERROR.code(), "expected 2probe, then 5, during the upgrade");
        }
    }

    /** A binary frame from the session's WebSocket. On the loop. */
    void onWebSocketBinary(SessionSocket socket, byte[] data) {
        if (closed || socket != ws) {
            return;
        }
        try {
            listener.onBinary(data);
        } catch (PacketException e) {
            fail(CloseCode.PROTOCOL_ERROR.code(), e.getMessage(), "parse error");
        }
    }

    /** A message larger than {@code maxHttpBufferSize} came on a WebSocket. On the loop. */
    void tooLarge(SessionSocket socket) {
        if (socket == ws || socket == probe) {
            fail(CloseCode.MESSAGE_TOO_BIG.code(), tooLargeReason(settings.maxHttpBufferSize()), "transport error");
        }
    }

    /** One of the session's WebSockets closed. On the loop. */
    void onWebSocketClosed(SessionSocket socket) {
        if (socket == probe) {
            probe = null;
            upgrading = false;
        } else if (socket == ws) {
            ws = null;
            WebSocketOut to = out;
            if (to != null) {
                to.end();
            }
            close("transport close");
        }
    }

    private void schedulePing() {
        pingTimer = vertx.setTimer(settings.pingInterval().toMillis(), t -> {
            pingTimer = -1;
            if (closed) {
                return;
            }
            send(String.valueOf(EnginePacket.PING));
            pongTimer = vertx.setTimer(settings.pingTimeout().toMillis(), t2 -> {
                pongTimer = -1;
                fail(CloseCode.IDLE_TIMEOUT.code(), "ping timeout", "ping timeout");
            });
        });
    }

    /** Ends the session for a protocol or limit reason: a WebSocket is closed with {@code code} and {@code reason}. */
    void fail(int code, String reason, String sioReason) {
        if (closed) {
            return;
        }
        SessionSocket socket = ws;
        ws = null;
        WebSocketOut to = out;
        if (to != null) {
            to.end();
        }
        if (socket != null) {
            String shortReason = reason.length() > 120 ? reason.substring(0, 120) : reason;
            socket.close(code, shortReason);
        }
        close(sioReason);
    }

    /**
     * Ends the session: a pending poll gets the close packet, a WebSocket is closed, the server forgets the session
     * and the listener hears {@code reason}. On the loop; once.
     */
    void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
        }
        if (pongTimer >= 0) {
            vertx.cancelTimer(pongTimer);
        }
        server.forget(this);
        if (poll != null) {
            HttpServerRequest request = poll;
            poll = null;
            respond(request, 200, TEXT, String.valueOf(clientClosed ? EnginePacket.NOOP : EnginePacket.CLOSE));
        }
        clearOutbox();
        WebSocketOut to = out;
        for (SessionSocket socket : new SessionSocket[] {ws, probe}) {
            if (socket != null) {
                boolean current = socket == ws;
                afterWrites(socket, () -> {
                    if (current && to != null) {
                        to.end();
                    }
                    socket.close(CloseCode.NORMAL.code(), "");
                });
            }
        }
        ws = null;
        probe = null;
        if (listener != null) {
            listener.onClose(reason);
        }
    }

    /** Tells the node's budget what the WebSocket holds now; from any thread. */
    void reportBacklog() {
        WebSocketOut to = out;
        if (to != null) {
            to.report();
        }
    }

    /** Packets waiting for the next poll or for the WebSocket to take them. On the loop. */
    int pending() {
        WebSocketOut to = out;
        return outbox.size() + (to == null ? 0 : to.pending());
    }

    boolean isClosed() {
        return closed;
    }

    static void respond(HttpServerRequest request, int status, String contentType, String body) {
        RequestLoop.run(request, () -> {
            HttpServerResponse response = request.response();
            if (response.ended() || response.closed()) {
                return;
            }
            response.setStatusCode(status).putHeader("Content-Type", contentType)
                    .end(io.vertx.core.buffer.Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)));
        });
    }

    private static String truncate(String s) {
        return s.length() > 16 ? s.substring(0, 16) + "…" : s;
    }

    @Override
    public String toString() {
        return "EngineSession{" + sid + (websocket ? ", websocket" : ", polling") + "}";
    }
}

package io.switchboard.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Envelope;
import io.switchboard.protocol.EnvelopeCodec;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.InboxTypes;
import io.switchboard.server.auth.AuthException;
import io.switchboard.server.auth.Credentials;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.auth.TokenService;
import io.switchboard.server.eventloop.ContextSteps;
import io.switchboard.server.gateway.ChannelHandlers;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.gateway.HandlerSet;
import io.switchboard.server.gateway.Session;
import io.switchboard.server.gateway.SessionSocket;
import io.switchboard.server.transport.NettyEndpoint;
import io.switchboard.server.transport.SocketHandshake;
import io.switchboard.server.transport.WebSocketEndpoint;
import io.switchboard.server.transport.WebSocketRoutes;
import io.switchboard.server.validation.JsonFields;
import io.switchboard.server.validation.JsonValue;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * {@code /ws/user/<user id, URL-encoded>?token=…[&last_seq=N][&delivery=ack|sent]}: the seed's per-user socket. The
 * token must be valid (4001 without one, 4002 when it does not verify) and name the user of the path (4003
 * otherwise). After {@code connection_established} the socket replays the user's events (after {@code last_seq},
 * or all not yet delivered) and then streams the live ones. {@code delivery} chooses what delivered means (see
 * {@link Delivery}): {@code sent}, the default and the seed's outbox, or {@code ack}. It speaks {@code ack},
 * {@code resume}, {@code refresh_token}, {@code ping} and the channel messages.
 */
public final class UserSocket implements WebSocketEndpoint {
    /** The path, as a regular expression for {@link WebSocketRoutes}. */
    public static final String PATH = "/ws/user/[^/]+/?";
    /** The handler set of these sockets. */
    public static final String HANDLER_SET = "user";
    private static final String PREFIX = "/ws/user/";

    private final Inbox inbox;
    private final Gateway gateway;
    private final TokenService tokens;
    private final HandlerSet handlers;
    private final NettyEndpoint netty = this::handshake;

    private UserSocket(Inbox inbox, Gateway gateway, TokenService tokens) {
        this.inbox = inbox;
        this.gateway = gateway;
        this.tokens = tokens;
        this.handlers = gateway.handlerSet(HANDLER_SET)
                .register(InboxTypes.ACK, this::ack)
                .register(InboxTypes.RESUME, this::resume)
                .register(io.switchboard.protocol.MessageTypes.REFRESH_TOKEN, gateway.tokenRefresh());
    }

    /** Mounts the endpoint; its sessions also subscribe and publish through {@code channels}. */
    public static UserSocket mount(Inbox inbox, Gateway gateway, TokenService tokens, WebSocketRoutes sockets,
                                   ChannelHandlers channels) {
        UserSocket socket = new UserSocket(inbox, gateway, tokens);
        // One listener for every session rather than a close hook each: an idle socket holds no hook list (issue 12).
        gateway.onSessionClose(socket::closed);
        channels.registerOn(socket.handlers);
        sockets.add(PATH, socket);
        return socket;
    }

    @Override
    public NettyEndpoint netty() {
        return netty;
    }

    private void handshake(SocketHandshake handshake) {
        String path = handshake.path();
        String userId = decode(path.substring(PREFIX.length(), path.endsWith("/") ? path.length() - 1 : path.length()));
        Principal principal = null;
        AuthException refused = null;
        try {
            principal = tokens.verify(Credentials.bearerToken(handshake::header, handshake.query()));
        } catch (AuthException e) {
            refused = e;
        }
        String rawLastSeq = Credentials.queryParam(handshake.query(), "last_seq");
        Long lastSeq = parseSeq(rawLastSeq);
        String rawDelivery = Credentials.queryParam(handshake.query(), Delivery.PARAM);
        Delivery delivery = Delivery.parse(rawDelivery);
        Principal granted = principal;
        AuthException refusal = refused;
        Context context = handshake.context();
        handshake.accept(socket -> {
            CloseCode code = null;
            String reason = null;
            if (refusal != null) {
                code = refusal.closeCode();
                reason = refusal.getMessage();
            } else if (userId == null) {
                code = CloseCode.UNKNOWN_RESOURCE;
                reason = "the path does not name a user";
            } else if (!granted.userId().equals(userId)) {
                code = CloseCode.FORBIDDEN;
                reason = "the token is for another user";
            }
            if (code != null) {
                gateway.refuse(socket, code.code(), reason);
                return;
            }
            // connection_established waits until this node hears the user's events and pushes (with many nodes,
            // a subscription in Redis), so that whatever comes after it reaches this socket. The client's frames wait
            // meanwhile, unread. The session opens on the connection's context: the user's stream keeps it and hops
            // there (a Netty socket's own events come outside any context).
            socket.pause();
            inbox.watch(userId).onComplete(ar -> ContextSteps.run(context,
                    () -> open(socket, granted, rawLastSeq, lastSeq, rawDelivery, delivery)));
        });
    }

    private void open(SessionSocket socket, Principal principal, String rawLastSeq, Long lastSeq, String rawDelivery,
                      Delivery delivery) {
        if (!socket.isOpen()) {
            inbox.unwatch(principal.userId());
            return;
        }
        Session session = gateway.open(Gateway.newSessionId(), socket, principal, handlers, null);
        socket.resume();
        if (session == null) {
            inbox.unwatch(principal.userId());
            return;
        }
        if (rawLastSeq != null && lastSeq == null) {
            session.send(EnvelopeCodec.error(null, ErrorCode.INVALID_FIELD,
                    "last_seq must be a whole number, 0 or more; replaying every event not acked", "last_seq"));
        }
        if (rawDelivery != null && delivery == null) {
            // The safe reading of a word we do not know: a client that meant to ack loses nothing this way.
            session.send(EnvelopeCodec.error(null, ErrorCode.INVALID_FIELD,
                    "delivery must be 'ack' or 'sent'; using 'ack' (events are pushed until acked)", Delivery.PARAM));
        }
        Delivery mode = delivery != null ? delivery : rawDelivery != null ? Delivery.ACK : Delivery.SENT;
        inbox.attach(session, lastSeq, mode);
    }

    private void closed(Session session) {
        InboxStream stream = inbox.streamOf(session);
        if (stream != null) {
            inbox.detach(stream);
        }
    }

    private Future<JsonNode> ack(Session session, Envelope envelope) {
        JsonNode seq = envelope.seq();
        JsonFields data = optionalData(envelope, "seq");
        if (seq == null && data != null) {
            seq = data.get("seq").node();
        }
        // The sequence number is blamed as "seq" wherever it was sent: the envelope's or data's, it is one value.
        return stream(session).ack(JsonValue.of(seq, "seq").wholeNumber(0, Long.MAX_VALUE));
    }

    private Future<JsonNode> resume(Session session, Envelope envelope) {
        JsonFields data = optionalData(envelope, "last_seq");
        Long lastSeq = data != null && data.has("last_seq") ? data.wholeNumber("last_seq", 0, Long.MAX_VALUE) : null;
        return stream(session).resume(lastSeq);
    }

    /** The message's {@code data}, which these two types may leave out; null when absent. */
    private static JsonFields optionalData(Envelope envelope, String... allowed) {
        JsonValue data = JsonValue.of(envelope.data(), "data");
        return data.isPresent() ? data.object(allowed) : null;
    }

    private InboxStream stream(Session session) {
        return inbox.streamOf(session);
    }

    private static Long parseSeq(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 18) {
            return null;
        }
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) < '0' || raw.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(raw);
    }

    /** Strict percent-decoding of one path segment as UTF-8; null when malformed, empty or over 128 characters. */
    static String decode(String segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            String out = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
            return out.isEmpty() || out.length() > 128 || out.chars().anyMatch(ch -> ch < 0x20) ? null : out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

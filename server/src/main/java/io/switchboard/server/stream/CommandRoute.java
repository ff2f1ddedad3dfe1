package io.switchboard.server.stream;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.auth.AuthException;
import io.switchboard.server.auth.Credentials;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.auth.TokenService;
import io.switchboard.server.eventloop.RequestLoop;
import io.switchboard.server.http.HttpErrors;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /connection/command?session=<id>}: the client's messages for its stream session, with the same token as
 * the stream (query {@code token} or {@code Authorization: Bearer}). Answered {@code 202 {"accepted": n}} once the
 * messages are handed to the session, whose replies (ack, error, pong) come on the stream. The credential is checked
 * before the body is read; at most {@link #MAX_IN_FLIGHT} commands are at work on the node at once (429 beyond).
 */
final class CommandRoute {
    /** Commands at work on this node at once (forwarded ones wait for the other nodes' answers). */
    static final int MAX_IN_FLIGHT = 1_024;
    private static final String PRINCIPAL = "stream.principal";

    private final TokenService tokens;
    private final StreamSessions local;
    private final CommandForwarding forwarding;
    private final int maxMessageBytes;
    private final AtomicInteger inFlight = new AtomicInteger();

    CommandRoute(TokenService tokens, StreamSessions local, CommandForwarding forwarding, int maxMessageBytes) {
        this.tokens = tokens;
        this.local = local;
        this.forwarding = forwarding;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** First: the session named, the credential valid, room in flight; before the body is read. */
    void admit(RoutingContext rc) {
        String session = rc.request().getParam("session");
        if (session == null || session.isBlank()) {
            rc.fail(new ProtocolException(ErrorCode.MISSING_FIELD, "the query must name the session: ?session=<session_id>", "session"));
            return;
        }
        String token = Credentials.bearerToken(rc.request().headers(), rc.request().query());
        if (token == null) {
            rc.fail(new ProtocolException(ErrorCode.UNAUTHORIZED, "a token is required (Authorization: Bearer, or the token query parameter)"));
            return;
        }
        Principal principal;
        try {
            principal = tokens.verify(token);
        } catch (AuthException e) {
            rc.fail(new ProtocolException(ErrorCode.UNAUTHORIZED, e.getMessage()));
            return;
        }
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            rc.fail(new ProtocolException(ErrorCode.RATE_LIMITED, "too many commands at work on this node; retry shortly"));
            return;
        }
        rc.addEndHandler(v -> inFlight.decrementAndGet());
        rc.put(PRINCIPAL, principal);
        rc.next();
    }

    /** Then, with the body read: the envelopes handed to the session, here or on its node. */
    void handle(RoutingContext rc) {
        List<String> messages = CommandBody.parse(rc.body().buffer(), maxMessageBytes);
        String sessionId = rc.request().getParam("session");
        Principal principal = rc.get(PRINCIPAL);
        StreamSocket socket = local.get(sessionId);
        Future<CommandForwarding.Outcome> outcome;
        if (socket != null) {
            if (!principal.userId().equals(socket.userId())) {
                outcome = Future.succeededFuture(CommandForwarding.Outcome.NOT_OWNER);
            } else {
                socket.deliver(messages);
                outcome = Future.succeededFuture(CommandForwarding.Outcome.DELIVERED);
            }
        } else {
            outcome = forwarding.send(sessionId, principal.userId(), messages);
        }
        outcome.onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(ar.cause());
                return;
            }
            switch (ar.result()) {
                case DELIVERED -> RequestLoop.run(rc.request(), () -> rc.response().setStatusCode(202)
                        .putHeader("Content-Type", "application/json")
                        .end(Json.write(Json.object().put("accepted", messages.size()))));
                case NOT_OWNER -> HttpErrors.send(rc, ErrorCode.FORBIDDEN, "the session belongs to another user", "session");
                case UNKNOWN_SESSION -> HttpErrors.send(rc, ErrorCode.UNKNOWN_SESSION,
                        "no open stream session with this id (closed, or never opened)", "session");
            }
        });
    }
}

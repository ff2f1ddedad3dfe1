package io.switchboard.server.apps.assistant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.inbox.Inbox;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes replies in the background: the responder's tokens go to the user's open sockets as transient
 * {@code message_chunk} pushes, and the finished reply is stored and then delivered durably through the inbox as
 * {@code message_generate} (or {@code message_regenerate}). Bounded: a user has at most {@link #MAX_PER_USER}
 * replies being written at once, the node {@link #MAX_TOTAL}.
 */
final class Generator {
    private static final Logger LOG = LoggerFactory.getLogger(Generator.class);
    static final String MESSAGE_GENERATE = "message_generate";
    static final String MESSAGE_REGENERATE = "message_regenerate";
    static final String MESSAGE_CHUNK = "message_chunk";
    /** Replies being written at once per user. */
    static final int MAX_PER_USER = 3;
    /** Replies being written at once on the node. */
    static final int MAX_TOTAL = 64;
    /** Messages of the conversation the responder sees. */
    static final int HISTORY = 20;

    private final AssistantStore store;
    private final Responder responder;
    private final Inbox inbox;
    private final Map<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    Generator(AssistantStore store, Responder responder, Inbox inbox) {
        this.store = store;
        this.responder = responder;
        this.inbox = inbox;
    }

    /** Takes a writing slot for the user, or throws {@code rate_limited} / {@code unavailable}. Release it with {@link #release}. */
    void reserve(String userId) {
        if (total.incrementAndGet() > MAX_TOTAL) {
            total.decrementAndGet();
            throw new ProtocolException(ErrorCode.UNAVAILABLE, "the assistant is busy; try again shortly");
        }
        AtomicInteger mine = perUser.computeIfAbsent(userId, u -> new AtomicInteger());
        if (mine.incrementAndGet() > MAX_PER_USER) {
            release(userId);
            throw new ProtocolException(ErrorCode.RATE_LIMITED,
                    "at most " + MAX_PER_USER + " replies are written at once per user; wait for one to finish");
        }
    }

    void release(String userId) {
        total.decrementAndGet();
        perUser.computeIfPresent(userId, (u, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /** Writes the reply of an exchange whose slot was reserved; delivers it as {@code message_generate} or {@code message_regenerate}. */
    void write(String userId, AssistantStore.Exchange exchange, boolean regenerate) {
        ChatMessage question = exchange.question();
        ChatMessage reply = exchange.reply();
        AtomicInteger index = new AtomicInteger();
        store.history(question.conversationUuid(), question.seq(), HISTORY)
                .compose(history -> responder.respond(turns(history), reply.version(), token -> {
                    ObjectNode chunk = Json.object()
                            .put("message_uuid", reply.uuid())
                            .put("conversation_uuid", reply.conversationUuid())
                            .put("version", reply.version())
                            .put("index", index.getAndIncrement())
                            .put("delta", token);
                    inbox.push(userId, MESSAGE_CHUNK, chunk);
                }))
                .transform(ar -> ar.succeeded()
                        ? store.finish(reply.uuid(), ar.result(), ChatMessage.COMPLETE, null)
                        : store.finish(reply.uuid(), "", ChatMessage.FAILED, reason(ar.cause())))
                .compose(stored -> {
                    ObjectNode data = Json.object();
                    data.set("message", stored.toJson());
                    data.set("response_message", question.toJson());
                    return inbox.emit(userId, regenerate ? MESSAGE_REGENERATE : MESSAGE_GENERATE, data);
                })
                .onComplete(ar -> {
                    release(userId);
                    if (ar.failed()) {
                        LOG.warn("reply {} could not be stored or delivered: {}", reply.uuid(), ar.cause().toString());
                    }
                });
    }

    private static List<Responder.Turn> turns(List<ChatMessage> history) {
        return history.stream().map(m -> new Responder.Turn(m.role(), m.content())).toList();
    }

    private static String reason(Throwable e) {
        LOG.info("the responder failed: {}", e.toString());
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }
}

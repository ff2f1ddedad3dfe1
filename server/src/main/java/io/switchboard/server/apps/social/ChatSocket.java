package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Envelope;
import io.switchboard.server.gateway.HandlerSet;
import io.switchboard.server.gateway.Session;
import io.vertx.core.Future;
import java.util.Set;

/**
 * The chat's messages on the user socket {@code /ws/user/<id>}: {@code send_message} (acked with the stored message)
 * and {@code typing}. Errors name the field as sent ({@code data.content}); {@code forbidden} for a conversation the
 * user does not belong to.
 */
final class ChatSocket {
    private final MessageSender sender;
    private final Typing typing;

    ChatSocket(MessageSender sender, Typing typing) {
        this.sender = sender;
        this.typing = typing;
    }

    void registerOn(HandlerSet handlers) {
        handlers.register(SocialEvents.SEND_MESSAGE, this::sendMessage);
        handlers.register(SocialEvents.TYPING, this::typing);
    }

    private Future<JsonNode> sendMessage(Session session, Envelope envelope) {
        long user = Fields.caller(session.userId());
        JsonNode data = Fields.object(envelope.data(), "data.", Set.of("conversation_id", "content", "client_id"));
        long conversation = Fields.id(data, "conversation_id", "data.");
        String content = Fields.text(data, "content", "data.", Fields.MAX_CONTENT);
        String clientId = Fields.clientId(data, "data.");
        OrderedSends queue = session.computeIfAbsent(OrderedSends.ATTRIBUTE, OrderedSends::new);
        return queue.then(() -> sender.send(user, conversation, content, clientId)).map(sent -> sent.value().toJson());
    }

    private Future<JsonNode> typing(Session session, Envelope envelope) {
        long user = Fields.caller(session.userId());
        JsonNode data = Fields.object(envelope.data(), "data.", Set.of("conversation_id", "is_typing"));
        long conversation = Fields.id(data, "conversation_id", "data.");
        boolean isTyping = Fields.bool(data, "is_typing", "data.");
        return typing.update(user, conversation, isTyping).map(v -> null);
    }
}

package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Envelope;
import io.switchboard.server.gateway.HandlerSet;
import io.switchboard.server.gateway.Session;
import io.switchboard.server.validation.JsonFields;
import io.vertx.core.Future;

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
        JsonFields data = JsonFields.data(envelope.data(), "conversation_id", "content", "client_id");
        long conversation = data.wholeNumber("conversation_id", 1, Long.MAX_VALUE);
        String content = Fields.content(data);
        String clientId = Fields.clientId(data);
        OrderedSends queue = session.computeIfAbsent(OrderedSends.ATTRIBUTE, OrderedSends::new);
        return queue.then(() -> sender.send(user, conversation, content, clientId)).map(sent -> sent.value().toJson());
    }

    private Future<JsonNode> typing(Session session, Envelope envelope) {
        long user = Fields.caller(session.userId());
        JsonFields data = JsonFields.data(envelope.data(), "conversation_id", "is_typing");
        long conversation = data.wholeNumber("conversation_id", 1, Long.MAX_VALUE);
        boolean isTyping = data.bool("is_typing");
        return typing.update(user, conversation, isTyping).map(v -> null);
    }
}

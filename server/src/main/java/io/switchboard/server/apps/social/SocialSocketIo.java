package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.socketio.SocketIoServer;
import io.switchboard.server.socketio.SocketIoSocket;
import io.switchboard.server.validation.JsonFields;
import io.switchboard.server.validation.JsonValue;
import io.vertx.core.Future;
import java.util.List;

/**
 * The seed's Socket.IO events, client to server: {@code join_conversation} / {@code leave_conversation}
 * {@code {conversation_id}} and {@code join_post} / {@code leave_post} {@code {post_id}} (rooms {@code conversation:<id>}
 * and {@code post:<id>}, with the channels' authorization), {@code send_message} {@code {conversation_id?, content,
 * client_id?}} (acked with the stored message) and {@code typing} {@code {conversation_id?, is_typing}}. The seed's
 * {@code typing} names no conversation: without {@code conversation_id} both take the one conversation the socket
 * joined. Server to client the events keep their native names ({@code notification}, {@code like_update}, …): the
 * Socket.IO server names each EVENT by its frame's type.
 */
final class SocialSocketIo {
    private SocialSocketIo() {
    }

    static void register(SocketIoServer io, MessageSender sender, Typing typing) {
        io.on("join_conversation", (socket, args) -> socket.join(conversation(args, "conversation_id").toString(),
                "args[0].conversation_id").map(v -> null));
        io.on("leave_conversation", (socket, args) -> leave(socket, conversation(args, "conversation_id").toString()));
        io.on("join_post", (socket, args) -> socket.join(SocialEvents.post(id(args, "post_id")).toString(),
                "args[0].post_id").map(v -> null));
        io.on("leave_post", (socket, args) -> leave(socket, SocialEvents.post(id(args, "post_id")).toString()));
        io.on(SocialEvents.SEND_MESSAGE, (socket, args) -> {
            long user = Fields.caller(socket.userId());
            JsonFields data = fields(args, "conversation_id", "content", "client_id");
            long conversation = conversationOf(socket, data);
            String content = Fields.content(data);
            String clientId = Fields.clientId(data);
            return sender.send(user, conversation, content, clientId).map(sent -> sent.value().toJson());
        });
        io.on(SocialEvents.TYPING, (socket, args) -> {
            long user = Fields.caller(socket.userId());
            JsonFields data = fields(args, "conversation_id", "is_typing");
            long conversation = conversationOf(socket, data);
            return typing.update(user, conversation, data.bool("is_typing")).map(v -> null);
        });
    }

    private static Future<JsonNode> leave(SocketIoSocket socket, String room) {
        socket.leave(room);
        return Future.succeededFuture();
    }

    private static JsonFields fields(ArrayNode args, String... allowed) {
        return JsonValue.of(args.get(0), "args[0]").object(allowed);
    }

    private static long id(ArrayNode args, String name) {
        return fields(args, name).wholeNumber(name, 1, Long.MAX_VALUE);
    }

    private static io.switchboard.server.channel.ChannelName conversation(ArrayNode args, String name) {
        return SocialEvents.conversation(id(args, name));
    }

    /** The named conversation, or the only one the socket joined. */
    private static long conversationOf(SocketIoSocket socket, JsonFields data) {
        if (data.has("conversation_id")) {
            return data.wholeNumber("conversation_id", 1, Long.MAX_VALUE);
        }
        String prefix = SocialEvents.CONVERSATION_NAMESPACE + ":";
        List<String> joined = socket.rooms().stream().filter(r -> r.startsWith(prefix)).toList();
        if (joined.size() != 1) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, "args[0].conversation_id is required unless the socket "
                    + "joined exactly one conversation (it joined " + joined.size() + ")", "args[0].conversation_id");
        }
        return Long.parseLong(joined.get(0).substring(prefix.length()));
    }
}

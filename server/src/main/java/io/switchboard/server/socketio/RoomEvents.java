package io.switchboard.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.channel.ChannelAction;
import io.switchboard.server.channel.ChannelFrames;
import io.switchboard.server.channel.ChannelName;
import io.switchboard.server.limits.OutboundBudget;
import io.vertx.core.Future;

/**
 * The engine's own client events: {@code join} and {@code leave} a room (a channel, named as a string or
 * {@code {room}}), and {@code publish} {@code {channel, data}} as the native {@code publish} does. Errors name the
 * argument as {@code args[0]} (or {@code args[0].room}).
 */
final class RoomEvents {
    private RoomEvents() {
    }

    static void register(SocketIoServer server) {
        server.on("join", (socket, args) -> {
            Named room = room(args);
            return socket.join(room.name, room.field).map(v -> null);
        });
        server.on("leave", (socket, args) -> {
            Named room = room(args);
            socket.leave(ChannelName.parse(room.name, room.field).toString());
            return Future.succeededFuture();
        });
        server.on("publish", (socket, args) -> publish(server, socket, args));
    }

    private record Named(String name, String field) {
    }

    private static Named room(ArrayNode args) {
        JsonNode first = args.get(0);
        if (first != null && first.isObject()) {
            JsonNode room = first.get("room");
            return new Named(room != null && room.isTextual() ? room.asText() : null, "args[0].room");
        }
        return new Named(first != null && first.isTextual() ? first.asText() : null, "args[0]");
    }

    private static Future<JsonNode> publish(SocketIoServer server, SocketIoSocket socket, ArrayNode args) {
        JsonNode first = args.get(0);
        if (first == null || !first.isObject()) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, "publish takes {channel, data}", "args[0]");
        }
        JsonNode name = first.get("channel");
        ChannelName channel = ChannelName.parse(name != null && name.isTextual() ? name.asText() : null, "args[0].channel");
        JsonNode data = first.get("data");
        if (data == null) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, "args[0].data is required", "args[0].data");
        }
        return server.policy().authorize(socket.principal(), channel, ChannelAction.PUBLISH).compose(allowed -> {
            if (!allowed) {
                return Future.failedFuture(new ProtocolException(ErrorCode.FORBIDDEN, "not allowed on channel " + channel,
                        "args[0].channel"));
            }
            if (server.budget().full()) {
                return Future.failedFuture(OutboundBudget.publishRefused());
            }
            return server.channels().publish(ChannelFrames.message(channel, data)).map(v -> (JsonNode) null);
        });
    }
}

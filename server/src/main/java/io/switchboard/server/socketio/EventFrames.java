package io.switchboard.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.switchboard.protocol.Json;
import io.switchboard.server.limits.OutboundBudget;
import io.switchboard.server.outbound.WebSocketFrames;
import java.nio.charset.StandardCharsets;

/**
 * Re-encodes the engine's frames as the arguments of a Socket.IO EVENT: a channel publication
 * {@code {"type", "channel", "offset"?, "epoch"?, "data"}} becomes {@code [type, data, {channel, offset?, epoch?}]},
 * a user event {@code {"type", "seq"?, …, "data"}} becomes {@code [type, data]} (with {@code {seq}} when stored).
 * A fan-out hands the same bytes to every subscriber one after another, so the last conversion is kept and the
 * next socket of the same publication reuses it: one parse per publication, not per socket. Thread-safe.
 */
final class EventFrames {
    /**
     * One converted frame.
     *
     * @param args    the EVENT's arguments as a JSON array
     * @param channel the publication's channel, or null for a user event
     * @param epoch   the channel history's epoch, or null when it keeps none
     * @param offset  the publication's offset in that history, or 0
     * @param seq     the user event's sequence number, or 0
     */
    record Event(String args, String channel, String epoch, long offset, long seq) {
    }

    private record Entry(byte[] frame, Event event) {
    }

    /**
     * An EVENT packet of a namespace and the WebSocket frame that carries it as an Engine.IO message.
     *
     * @param packet the Socket.IO packet's text (for a polling session)
     * @param frame  the whole WebSocket text frame, a reference of the caller's own to release
     * @param cost   what the frame counts in the outbound budget
     */
    record Shared(String packet, ByteBuf frame, int cost) {
    }

    /** The last shared frame made, with what it was made of; guarded by {@code this}. */
    private EventFrames.Event sharedEvent;
    private String sharedNamespace;
    private Shared shared;

    private volatile Entry lastChannel;
    private volatile Entry lastUser;

    /** The EVENT of a channel frame, or null for a frame without a type. */
    Event channelEvent(byte[] frame) {
        Entry last = lastChannel;
        if (last != null && last.frame == frame) {
            return last.event;
        }
        Event event = convert(frame, true);
        lastChannel = new Entry(frame, event);
        return event;
    }

    /**
     * The EVENT of {@code event} in {@code namespace}, encoded once for all the sockets of a publication: the next
     * socket of the same publication and namespace gets the same frame. The caller releases its reference.
     */
    synchronized Shared shared(Event event, String namespace) {
        if (event != sharedEvent || !namespace.equals(sharedNamespace)) {
            if (shared != null) {
                shared.frame().release();
            }
            String packet = ("/".equals(namespace) ? "2" : "2" + namespace + ",") + event.args();
            byte[] payload = (EnginePacket.MESSAGE + packet).getBytes(StandardCharsets.UTF_8);
            shared = new Shared(packet, WebSocketFrames.text(ByteBufAllocator.DEFAULT, payload),
                    OutboundBudget.cost(payload.length));
            sharedEvent = event;
            sharedNamespace = namespace;
        }
        shared.frame().retain();
        return shared;
    }

    /** The EVENT of a user event frame, or null for a frame without a type. */
    Event userEvent(byte[] frame) {
        Entry last = lastUser;
        if (last != null && last.frame == frame) {
            return last.event;
        }
        Event event = convert(frame, false);
        lastUser = new Entry(frame, event);
        return event;
    }

    private static Event convert(byte[] frame, boolean channel) {
        JsonNode node;
        try {
            node = Json.parse(new String(frame, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            return null;
        }
        ArrayNode args = Json.mapper().createArrayNode().add(type);
        args.add(node.has("data") ? node.get("data") : Json.mapper().nullNode());
        ObjectNode meta = Json.object();
        for (String field : channel ? new String[] {"channel", "offset", "epoch"} : new String[] {"seq"}) {
            if (node.has(field)) {
                meta.set(field, node.get(field));
            }
        }
        if (!meta.isEmpty()) {
            args.add(meta);
        }
        return new Event(Json.write(args), channel ? node.path("channel").asText(null) : null,
                node.path("epoch").asText(null), node.path("offset").asLong(0), node.path("seq").asLong(0));
    }
}

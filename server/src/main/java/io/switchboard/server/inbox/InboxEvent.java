package io.switchboard.server.inbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One event for one user, as pushed: {@code {"type": type, "seq": seq, …data's fields…, "data": payload}}. When the
 * payload is a JSON object its fields are also at the top level, as seed 004's clients read them
 * ({@code msg.message}, {@code msg.response_message}), except those named like an envelope field (they stay in
 * {@code data} only); {@code data} stays for clients that read it there. An event with {@code seq} 0 is a transient
 * push (a streamed token), not stored and sent without {@code seq}.
 */
public final class InboxEvent {
    /** Names a client reads as the envelope's own (our clients route by them), never copied from the payload. */
    static final Set<String> ENVELOPE_FIELDS = Set.of("type", "seq", "data", "id", "channel", "offset", "epoch", "error");

    private final String userId;
    private final long seq;
    private final String type;
    /** The payload as JSON text; written from {@link #data} on first use when the event was pushed as a tree. */
    private volatile String payload;
    /** The payload as a tree when the emitter had it (a push), so the frame is built without parsing it again. */
    private final JsonNode data;
    /** Built once, on first use, and shared by every socket of the user on this node (never modified). */
    private volatile byte[] frame;
    /** The request body a push was read from, and where its data is in it (UTF-8), when pushed as bytes; or null. */
    private final byte[] body;
    private final int dataStart;
    private final int dataLength;

    /** An event whose data is {@code payload} (JSON text). */
    public InboxEvent(String userId, long seq, String type, String payload) {
        this(userId, seq, type, payload, null);
    }

    private InboxEvent(String userId, long seq, String type, String payload, JsonNode data) {
        this(userId, seq, type, payload, data, null, null, 0, 0);
    }

    private InboxEvent(String userId, long seq, String type, String payload, JsonNode data, byte[] frame, byte[] body,
                       int dataStart, int dataLength) {
        this.userId = userId;
        this.seq = seq;
        this.type = type;
        this.payload = payload;
        this.data = data;
        this.frame = frame;
        this.body = body;
        this.dataStart = dataStart;
        this.dataLength = dataLength;
    }

    /**
     * A transient push read from a request body without a tree: its frame already built from the body's bytes, its
     * data the {@code dataLength} bytes of {@code body} at {@code dataStart} (valid UTF-8 JSON; the body is kept, not
     * copied, and must not change), made into text only if something asks for it.
     */
    static InboxEvent pushedRaw(String userId, String type, byte[] frame, byte[] body, int dataStart, int dataLength) {
        return new InboxEvent(userId, 0, type, null, null, frame, body, dataStart, dataLength);
    }

    /**
     * A transient push whose data is a tree nothing changes afterwards. Its frame is written from the tree; its text
     * only if something asks for it (another node, through the notifier): a push's sockets are mostly on this node.
     */
    static InboxEvent pushed(String userId, String type, JsonNode data) {
        return new InboxEvent(userId, 0, type, null, data);
    }

    /** The user. */
    public String userId() {
        return userId;
    }

    /** The user's sequence number, 1, 2, 3…; 0 for a transient push. */
    public long seq() {
        return seq;
    }

    /** The event type. */
    public String type() {
        return type;
    }

    /** The data, as JSON text. */
    public String payload() {
        String text = payload;
        if (text == null) {
            text = body != null ? new String(body, dataStart, dataLength, StandardCharsets.UTF_8) : Json.write(data);
            payload = text;
        }
        return text;
    }

    /** Whether this is a stored event with a sequence number. */
    public boolean durable() {
        return seq > 0;
    }

    /** The frame sent to every socket of the user (type names are plain ASCII; see {@link EventTypes}). */
    public byte[] frame() {
        byte[] built = frame;
        if (built == null) {
            built = build();
            frame = built;
        }
        return built;
    }

    /**
     * Builds the frames of many events at once, with one generator: for a backend's batch of small pushes, setting a
     * generator up and releasing its buffers cost as much as writing a frame.
     */
    static void buildFrames(List<InboxEvent> events) {
        ByteArrayBuilder out = new ByteArrayBuilder(4096);
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            g.setRootValueSeparator(null);
            for (InboxEvent event : events) {
                if (event.frame == null) {
                    event.write(g);
                    g.flush();
                    event.frame = out.toByteArray();
                    out.reset();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing user events' frames", e);
        }
    }

    private byte[] build() {
        ByteArrayBuilder out = new ByteArrayBuilder(payload == null ? 256 : payload.length() * 2 + 64);
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a user event's frame", e);
        }
        return out.toByteArray();
    }

    /** Writes {"type":…,"seq":…,<data's fields but the envelope's>,"data":<payload as given>}. */
    private void write(JsonGenerator g) throws IOException {
        JsonNode tree = data;
        String payload = this.payload;
        if (tree == null && payload.startsWith("{")) {
            try {
                tree = Json.parse(payload);
            } catch (RuntimeException e) {
                tree = null; // not JSON after all: sent as it is, under data only
            }
        }
        g.writeStartObject();
        g.writeStringField("type", type);
        if (seq > 0) {
            g.writeNumberField("seq", seq);
        }
        if (tree != null && tree.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!ENVELOPE_FIELDS.contains(field.getKey())) {
                    g.writeFieldName(field.getKey());
                    Json.writeTree(g, field.getValue());
                }
            }
        }
        g.writeFieldName("data");
        if (data != null) {
            Json.writeTree(g, data);
        } else {
            g.writeRawValue(payload);
        }
        g.writeEndObject();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InboxEvent e && seq == e.seq && userId.equals(e.userId) && type.equals(e.type)
                && payload().equals(e.payload());
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, seq, type, payload());
    }

    @Override
    public String toString() {
        return "InboxEvent[userId=" + userId + ", seq=" + seq + ", type=" + type + ", payload=" + payload() + "]";
    }
}

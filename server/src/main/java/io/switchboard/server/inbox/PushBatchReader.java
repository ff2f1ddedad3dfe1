package io.switchboard.server.inbox;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.switchboard.protocol.Json;
import io.switchboard.server.transport.Utf8Check;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a well-formed push body ({@code {"user_id","type","data"}} or an array of 1 to {@link InboxRoute#MAX_BATCH})
 * in one pass without building a tree, each event's frame made from the body's own bytes: the data and its fields
 * copied as sent. Parsing the body into a tree and writing each frame back out of it were half of a push's CPU.
 *
 * <p>Only the common case: anything else (not UTF-8, a field missing, unknown, repeated or of the wrong type, a name
 * the rules refuse, a data object with a repeated key, trailing content, a count out of range, a frame over the data's
 * size limit) returns null, and
 * the route reads the body the careful way, which says what is wrong. So errors stay exactly as they were.
 */
final class PushBatchReader {
    private static final byte[] TYPE_OPEN = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_OPEN = ",\"data\":".getBytes(StandardCharsets.US_ASCII);
    /** A data object with more top-level fields than this takes the careful path (its keys are compared pairwise). */
    private static final int MAX_FAST_FIELDS = 16;

    private PushBatchReader() {
    }

    /** The events of {@code body}, frames built; null when the body is not the common case (see above). */
    static List<InboxEvent> read(byte[] body) {
        if (!Utf8Check.valid(body)) {
            return null;
        }
        try (JsonParser p = Json.mapper().getFactory().createParser(body)) {
            JsonToken first = p.nextToken();
            List<InboxEvent> events = new ArrayList<>();
            if (first == JsonToken.START_OBJECT) {
                if (!readEvent(p, body, events)) {
                    return null;
                }
            } else if (first == JsonToken.START_ARRAY) {
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                    if (events.size() == InboxRoute.MAX_BATCH || !readEvent(p, body, events)) {
                        return null;
                    }
                }
                if (t != JsonToken.END_ARRAY || events.isEmpty()) {
                    return null;
                }
            } else {
                return null;
            }
            return p.nextToken() == null ? events : null;
        } catch (IOException | RuntimeException e) {
            return null; // not JSON, or past the parser's bounds: the careful path says which
        }
    }

    /** One event object, its START_OBJECT read; false when it is not the common case. */
    private static boolean readEvent(JsonParser p, byte[] body, List<InboxEvent> events) throws IOException {
        String user = null;
        String type = null;
        int dataStart = -1;
        int dataEnd = -1;
        int[] spans = null; // start, end of each data field to copy up
        int fields = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("user_id") && user == null && value == JsonToken.VALUE_STRING) {
                user = p.getText();
            } else if (name.equals("type") && type == null && value == JsonToken.VALUE_STRING) {
                type = p.getText();
            } else if (name.equals("data") && dataStart < 0) {
                dataStart = (int) p.currentTokenLocation().getByteOffset();
                if (value == JsonToken.START_OBJECT) {
                    spans = new int[2 * MAX_FAST_FIELDS];
                    String[] names = new String[MAX_FAST_FIELDS];
                    JsonToken d;
                    while ((d = p.nextToken()) == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        int start = (int) p.currentTokenLocation().getByteOffset();
                        end(p, p.nextToken());
                        if (fields == MAX_FAST_FIELDS || repeated(names, fields, field)) {
                            return false;
                        }
                        names[fields] = field;
                        if (!InboxEvent.ENVELOPE_FIELDS.contains(field)) {
                            spans[2 * fields] = start;
                            spans[2 * fields + 1] = (int) p.currentLocation().getByteOffset();
                        } else {
                            spans[2 * fields] = -1;
                        }
                        fields++;
                    }
                    if (d != JsonToken.END_OBJECT) {
                        return false;
                    }
                } else {
                    end(p, value);
                }
                dataEnd = (int) p.currentLocation().getByteOffset();
            } else {
                return false;
            }
        }
        if (t != JsonToken.END_OBJECT || user == null || type == null || dataStart < 0
                || !EventTypes.validNames(user, type)) {
            return false;
        }
        byte[] frame = frame(body, type, spans, fields, dataStart, dataEnd);
        if (frame.length > EventTypes.MAX_PAYLOAD_CHARS) {
            return false; // the data may be over its limit: measured as text on the careful path
        }
        events.add(InboxEvent.pushedRaw(user, type, frame, body, dataStart, dataEnd - dataStart));
        return true;
    }

    /** Moves past the value whose first token is {@code value}. */
    private static void end(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            p.skipChildren();
        } else {
            p.finishToken(); // a string is read only on demand: its end is not known before
        }
    }

    private static boolean repeated(String[] names, int count, String name) {
        for (int i = 0; i < count; i++) {
            if (names[i].equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code {"type":"<type>",<data's fields but the envelope's>,"data":<data>}}, the fields and the data as the body
     * has them. A type name needs no escaping (see {@link EventTypes}).
     */
    private static byte[] frame(byte[] body, String type, int[] spans, int fields, int dataStart, int dataEnd) {
        int size = TYPE_OPEN.length + type.length() + 1 + DATA_OPEN.length + (dataEnd - dataStart) + 1;
        for (int i = 0; i < fields; i++) {
            if (spans[2 * i] >= 0) {
                size += 1 + spans[2 * i + 1] - spans[2 * i];
            }
        }
        byte[] out = new byte[size];
        System.arraycopy(TYPE_OPEN, 0, out, 0, TYPE_OPEN.length);
        int at = TYPE_OPEN.length;
        for (int i = 0; i < type.length(); i++) {
            out[at++] = (byte) type.charAt(i);
        }
        out[at++] = '"';
        for (int i = 0; i < fields; i++) {
            if (spans[2 * i] >= 0) {
                out[at++] = ',';
                int length = spans[2 * i + 1] - spans[2 * i];
                System.arraycopy(body, spans[2 * i], out, at, length);
                at += length;
            }
        }
        System.arraycopy(DATA_OPEN, 0, out, at, DATA_OPEN.length);
        at += DATA_OPEN.length;
        System.arraycopy(body, dataStart, out, at, dataEnd - dataStart);
        at += dataEnd - dataStart;
        out[at] = '}';
        return out;
    }
}

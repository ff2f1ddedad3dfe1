package io.switchboard.server.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;

/**
 * The fields of one JSON object of a request (a REST body, a socket message's {@code data}, or an object inside
 * either), already checked to hold only the allowed names. Each field is read by name as the type it must have;
 * a read that fails throws the refusal described in {@link JsonValue}, naming the field by its path
 * ({@code content} in a body, {@code data.content} on a socket).
 *
 * <pre>{@code
 * JsonFields data = JsonFields.data(envelope.data(), "conversation_id", "content");
 * long conversation = data.wholeNumber("conversation_id", 1, Long.MAX_VALUE);
 * String content = data.trimmed("content", 1, 5000);
 * }</pre>
 *
 * <p>Immutable; it only reads the object it wraps.
 */
public final class JsonFields {
    private final JsonNode object;
    private final JsonValue self;

    JsonFields(JsonNode object, String path) {
        this.object = object;
        this.self = JsonValue.of(object, path);
    }

    /**
     * A request body's fields, named bare ({@code content}); {@code unknown_field} for a name not {@code allowed}.
     * A body that is not an object is refused before this, as {@code bad_json} (see {@code JsonBodies}).
     */
    public static JsonFields body(ObjectNode body, String... allowed) {
        return JsonValue.of(body, "").object(allowed);
    }

    /**
     * A socket message's {@code data}, its fields named {@code data.<name>}: {@code missing_field} when there is
     * none, {@code invalid_field} when it is not an object, {@code unknown_field} for a name not {@code allowed}.
     */
    public static JsonFields data(JsonNode data, String... allowed) {
        return JsonValue.of(data, "data").object(allowed);
    }

    /** The path of this object ("" for a whole body). */
    public String path() {
        return self.path();
    }

    /** The names sent, in order. */
    public Iterator<String> names() {
        return object.fieldNames();
    }

    /** A field, present or not, to read as any type. */
    public JsonValue get(String name) {
        return JsonValue.of(object.get(name), self.child(name));
    }

    /** Whether the field was sent with a value other than JSON null. */
    public boolean has(String name) {
        return get(name).isPresent();
    }

    /** A required field of any JSON value, JSON null included; see {@link JsonValue#any()}. */
    public JsonNode any(String name) {
        return get(name).any();
    }

    /** A required string, as sent, of any length. */
    public String text(String name) {
        return get(name).text();
    }

    /** A required string, as sent, of {@code min} to {@code max} characters. */
    public String text(String name, int min, int max) {
        return get(name).text(min, max);
    }

    /** An optional string, as sent, of {@code min} to {@code max} characters; null when absent or JSON null. */
    public String optionalText(String name, int min, int max) {
        JsonValue v = get(name);
        return v.isPresent() ? v.text(min, max) : null;
    }

    /** A required string, stripped, of {@code min} to {@code max} characters. */
    public String trimmed(String name, int min, int max) {
        return get(name).trimmed(min, max);
    }

    /** An optional string, stripped, of {@code min} to {@code max} characters; null when absent or JSON null. */
    public String optionalTrimmed(String name, int min, int max) {
        JsonValue v = get(name);
        return v.isPresent() ? v.trimmed(min, max) : null;
    }

    /** A required whole number from {@code min} to {@code max}. */
    public long wholeNumber(String name, long min, long max) {
        return get(name).wholeNumber(min, max);
    }

    /** A required {@code true} or {@code false}. */
    public boolean bool(String name) {
        return get(name).bool();
    }

    /** A required object with only the {@code allowed} names. */
    public JsonFields object(String name, String... allowed) {
        return get(name).object(allowed);
    }

    /** An optional object with only the {@code allowed} names; null when absent or JSON null. */
    public JsonFields optionalObject(String name, String... allowed) {
        JsonValue v = get(name);
        return v.isPresent() ? v.object(allowed) : null;
    }
}

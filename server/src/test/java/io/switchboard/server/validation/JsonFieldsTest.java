package io.switchboard.server.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every refusal carries the reply code and the field's path as the client sent it: bare in a body, under data on a socket. */
@Timeout(30)
class JsonFieldsTest {

    @Test
    void an_unknown_field_is_refused_by_its_path_with_the_names_allowed() {
        assertRefused(() -> JsonFields.body(object("{\"content\":\"hi\",\"colour\":1}"), "content", "client_id"),
                ErrorCode.UNKNOWN_FIELD, "colour", "unknown field colour; allowed: client_id, content");
        assertRefused(() -> JsonFields.data(Json.parse("{\"channel\":\"public:x\",\"extra\":1}"), "channel"),
                ErrorCode.UNKNOWN_FIELD, "data.extra", "unknown field data.extra; allowed: channel");
    }

    @Test
    void a_long_unknown_name_is_cut_to_64_characters() {
        String name = "x".repeat(100);
        assertRefused(() -> JsonFields.body(object("{\"" + name + "\":1}"), "a"),
                ErrorCode.UNKNOWN_FIELD, "x".repeat(64), null);
    }

    @Test
    void socket_data_that_is_absent_is_missing_and_data_that_is_not_an_object_is_invalid() {
        assertRefused(() -> JsonFields.data(Json.parse("null"), "a"), ErrorCode.MISSING_FIELD, "data", "data is required");
        assertRefused(() -> JsonFields.data(null, "a"), ErrorCode.MISSING_FIELD, "data", null);
        assertRefused(() -> JsonFields.data(Json.parse("[1]"), "a"), ErrorCode.INVALID_FIELD, "data", "data must be an object");
    }

    @Test
    void a_required_field_sent_as_null_or_left_out_is_missing() {
        JsonFields body = JsonFields.body(object("{\"a\":null}"), "a", "b");

        assertRefused(() -> body.text("a"), ErrorCode.MISSING_FIELD, "a", "a is required");
        assertRefused(() -> body.text("b"), ErrorCode.MISSING_FIELD, "b", "b is required");
        assertThat(body.optionalTrimmed("a", 1, 5)).isNull();
        assertThat(body.has("a")).isFalse();
    }

    @Test
    void any_takes_json_null_as_a_value_but_not_an_absent_field() {
        JsonFields data = JsonFields.data(Json.parse("{\"data\":null}"), "data", "other");

        assertThat(data.any("data").isNull()).isTrue();
        assertRefused(() -> data.any("other"), ErrorCode.MISSING_FIELD, "data.other", "data.other is required");
    }

    @Test
    void text_lengths_count_characters_and_trimmed_text_is_stripped_first() {
        JsonFields body = JsonFields.body(object("{\"a\":\"  hi  \",\"b\":\"   \",\"c\":\"\uD83D\uDE00\uD83D\uDE00\",\"d\":7}"),
                "a", "b", "c", "d");

        assertThat(body.trimmed("a", 1, 2)).isEqualTo("hi");
        assertThat(body.text("a", 1, 6)).isEqualTo("  hi  ");
        assertRefused(() -> body.trimmed("b", 1, 10), ErrorCode.INVALID_FIELD, "b", "b must have 1 to 10 characters");
        assertThat(body.text("c", 2, 2)).as("two emoji are two characters").hasSize(4);
        assertRefused(() -> body.text("c", 0, 1), ErrorCode.INVALID_FIELD, "c", "c must have at most 1 characters");
        assertRefused(() -> body.text("d"), ErrorCode.INVALID_FIELD, "d", "d must be a string");
    }

    @Test
    void whole_numbers_have_no_fraction_and_keep_to_their_bounds() {
        JsonFields data = JsonFields.data(Json.parse("{\"n\":5,\"f\":1.5,\"s\":\"5\",\"neg\":-1}"), "n", "f", "s", "neg");

        assertThat(data.wholeNumber("n", 0, 10)).isEqualTo(5);
        assertRefused(() -> data.wholeNumber("n", 6, 10), ErrorCode.INVALID_FIELD, "data.n", "data.n must be a whole number from 6 to 10");
        assertRefused(() -> data.wholeNumber("f", 0, 10), ErrorCode.INVALID_FIELD, "data.f", null);
        assertRefused(() -> data.wholeNumber("s", 0, 10), ErrorCode.INVALID_FIELD, "data.s", null);
        assertRefused(() -> data.wholeNumber("neg", 0, Long.MAX_VALUE), ErrorCode.INVALID_FIELD, "data.neg",
                "data.neg must be a whole number, 0 or more");
        assertRefused(() -> data.wholeNumber("neg", 1, Long.MAX_VALUE), ErrorCode.INVALID_FIELD, "data.neg",
                "data.neg must be a whole number over 0");
    }

    @Test
    void booleans_numbers_and_times_are_read_as_their_types() {
        JsonFields data = JsonFields.data(Json.parse(
                "{\"b\":true,\"x\":\"yes\",\"lat\":91,\"at\":\"2025-12-10T10:30:00Z\",\"local\":\"2025-12-10T10:30:00\"}"),
                "b", "x", "lat", "at", "local");

        assertThat(data.bool("b")).isTrue();
        assertRefused(() -> data.bool("x"), ErrorCode.INVALID_FIELD, "data.x", "data.x must be true or false");
        assertRefused(() -> data.get("lat").number(-90, 90), ErrorCode.INVALID_FIELD, "data.lat", "data.lat must be a number from -90 to 90");
        assertThat(data.get("at").instant()).hasToString("2025-12-10T10:30:00Z");
        assertRefused(() -> data.get("local").instant(), ErrorCode.INVALID_FIELD, "data.local",
                "data.local must name its zone (Z or an offset such as +02:00), got '2025-12-10T10:30:00'");
    }

    @Test
    void nested_objects_arrays_and_maps_name_their_members_by_path() {
        JsonFields data = JsonFields.data(Json.parse(
                "{\"recover\":{\"epoch\":\"e\",\"offset\":-1},\"logs\":[{\"url\":\"u\"},{\"url\":1}],\"apps\":{\"com.a\":{\"5\":1}}}"),
                "recover", "logs", "apps", "none");

        JsonFields recover = data.object("recover", "epoch", "offset");
        assertRefused(() -> recover.wholeNumber("offset", 0, Long.MAX_VALUE), ErrorCode.INVALID_FIELD, "data.recover.offset", null);
        assertRefused(() -> data.object("recover", "epoch"), ErrorCode.UNKNOWN_FIELD, "data.recover.offset", null);
        assertThat(data.optionalObject("none", "a")).isNull();

        List<JsonValue> logs = data.get("logs").items(1, 2);
        assertThat(logs.get(0).object("url").text("url")).isEqualTo("u");
        assertRefused(() -> logs.get(1).object("url").text("url"), ErrorCode.INVALID_FIELD, "data.logs[1].url", null);
        assertRefused(() -> data.get("logs").items(3, 5), ErrorCode.INVALID_FIELD, "data.logs",
                "data.logs must hold 3 to 5 entries, got 2");

        JsonValue hour = data.get("apps").entries(10).get("com.a").entries().get("5");
        assertThat(hour.path()).isEqualTo("data.apps.com.a.5");
        assertRefused(() -> data.get("apps").entries(0), ErrorCode.INVALID_FIELD, "data.apps", "data.apps must hold at most 0 entries");
    }

    @Test
    void a_caller_rule_is_refused_as_invalid_under_the_same_path() {
        JsonFields body = JsonFields.body(object("{\"username\":\"!\"}"), "username");

        assertRefused(() -> {
            throw body.get("username").invalid("must be 3 to 32 of a-z");
        }, ErrorCode.INVALID_FIELD, "username", "username must be 3 to 32 of a-z");
    }

    private static ObjectNode object(String json) {
        return (ObjectNode) Json.parse(json);
    }

    /** The refusal's code and field, and its message when {@code message} is not null. */
    static void assertRefused(ThrowingCallable call, ErrorCode code, String field, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
            if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
            }
        });
    }
}

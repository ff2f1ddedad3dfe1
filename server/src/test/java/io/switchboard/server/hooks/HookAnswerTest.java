package io.switchboard.server.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A backend's answer is one of three shapes; anything else is garbage, never a silent allow. */
@Timeout(10)
class HookAnswerTest {
    private static HookAnswer parse(String body) {
        return HookAnswer.parse(HookKind.RPC, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_result_allows_with_its_fields() {
        HookAnswer answer = parse("{\"result\":{\"data\":{\"n\":1}}}");

        assertThat(answer.result().at("/data/n").asInt()).isEqualTo(1);
        assertThat(answer.refusal()).isNull();
        assertThat(answer.disconnect()).isNull();
    }

    @Test
    void an_error_with_a_number_keeps_its_digits_as_the_code_and_is_not_temporary_unless_said() {
        HookRefusal refusal = parse("{\"error\":{\"code\":1001,\"message\":\"nope\"}}").refusal();

        assertThat(refusal.wireCode()).isEqualTo("1001");
        assertThat(refusal.getMessage()).isEqualTo("nope");
        assertThat(refusal.temporary()).isFalse();
    }

    @Test
    void an_error_with_a_name_and_temporary_keeps_both() {
        HookRefusal refusal = parse("{\"error\":{\"code\":\"room_full\",\"temporary\":true}}").refusal();

        assertThat(refusal.wireCode()).isEqualTo("room_full");
        assertThat(refusal.temporary()).isTrue();
        assertThat(refusal.getMessage()).isEqualTo("refused by the backend");
    }

    @Test
    void a_disconnect_keeps_its_code_and_cuts_its_reason_to_what_a_close_frame_holds() {
        HookDisconnect d = parse("{\"disconnect\":{\"code\":4040,\"reason\":\"" + "é".repeat(100) + "\"}}").disconnect();

        assertThat(d.code()).isEqualTo(4040);
        assertThat(d.reason().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "oops", "[]", "null", "{}", "{\"allowed\":true}", "{\"result\":[]}", "{\"result\":{},\"error\":{}}",
            "{\"error\":{\"code\":99}}", "{\"error\":{\"code\":2000}}", "{\"error\":{\"code\":\"Bad Code\"}}", "{\"error\":{}}",
            "{\"disconnect\":{\"code\":1000}}", "{\"disconnect\":{\"code\":\"4040\"}}"})
    void anything_else_is_garbage_and_makes_the_call_unavailable(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(HookUnavailable.class)
                .hasMessageContaining("answered something unusable")
                .satisfies(e -> assertThat(((HookUnavailable) e).outcome()).isEqualTo("garbage"));
    }
}

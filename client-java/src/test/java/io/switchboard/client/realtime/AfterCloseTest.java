package io.switchboard.client.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The close-code ranges of docs/PROTOCOL.md, as the realtime clients read them (the JS client's rules). */
@Timeout(10)
class AfterCloseTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "4001, AUTH_FAILED", "4002, AUTH_FAILED", "4003, AUTH_FAILED",
        "1000, STOP", "4000, STOP", "4004, STOP", "4005, STOP", "4099, STOP",
        "4200, AT_ONCE", "4201, AT_ONCE", "4299, AT_ONCE",
        "1001, BACKOFF", "1006, BACKOFF", "1009, BACKOFF", "1013, BACKOFF", "4100, BACKOFF", "4101, BACKOFF", "4103, BACKOFF"
    })
    void each_close_code_leads_to_what_the_protocol_says(int code, AfterClose expected) {
        assertThat(AfterClose.of(code)).isEqualTo(expected);
    }
}

package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SendRateTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void a_full_bucket_lets_one_seconds_worth_through_at_once_then_paces_the_rest() {
        SendRate rate = new SendRate(80, 0);
        int burst = 0;
        while (rate.tryTake(0)) {
            burst++;
        }
        assertThat(burst).isEqualTo(80);
        assertThat(rate.nanosUntilNext(0)).isEqualTo(SECOND / 80);
        assertThat(rate.tryTake(SECOND / 80)).isTrue();
        assertThat(rate.tryTake(SECOND / 80)).isFalse();
    }

    @Test
    void over_a_long_run_the_rate_is_the_configured_one() {
        SendRate rate = new SendRate(100, 0);
        int sent = 0;
        for (long t = 0; t <= 10 * SECOND; t += SECOND / 1000) {
            while (rate.tryTake(t)) {
                sent++;
            }
        }
        assertThat(sent).isBetween(1_099, 1_101); // the first second's burst, then 100 a second
    }

    @Test
    void an_idle_bucket_saves_up_no_more_than_one_second() {
        SendRate rate = new SendRate(10, 0);
        int n = 0;
        while (rate.tryTake(60 * SECOND)) {
            n++;
        }
        assertThat(n).isEqualTo(10);
    }
}

package io.switchboard.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The clock is passed in, so these run on made-up nanoseconds and never sleep. */
@Timeout(30)
class KeyedRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void a_key_gets_its_burst_then_is_refused_with_the_wait_until_its_next_token() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(2, 3, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryTake("a", 0)).isZero();
        }

        assertThat(limiter.tryTake("a", 0)).isEqualTo(SECOND / 2);
        assertThat(limiter.tryTake("a", SECOND / 4)).as("a refused call takes nothing").isEqualTo(SECOND / 4);
        assertThat(limiter.tryTake("b", SECOND / 4)).as("another key has its own bucket").isZero();
        assertThat(limiter.tryTake("a", SECOND / 2)).as("refilled at 2 per second").isZero();
    }

    @Test
    void the_map_never_holds_more_keys_than_its_bound() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 1, 160);
        for (int i = 0; i < 10_000; i++) {
            limiter.tryTake("k" + i, 0);
            assertThat(limiter.size()).isLessThanOrEqualTo(160);
        }
    }

    @Test
    void keys_whose_buckets_have_refilled_are_dropped_as_others_arrive() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 1, 1_000_000);
        for (int i = 0; i < 1_000; i++) {
            limiter.tryTake("old" + i, 0);
        }
        for (int i = 0; i < 1_000; i++) {
            limiter.tryTake("new" + i, 10 * SECOND);
        }

        assertThat(limiter.size()).isLessThan(1_500);
    }

    @Test
    void a_key_still_waiting_for_its_tokens_is_not_dropped_as_idle() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 5, 1_000_000);
        for (int i = 0; i < 5; i++) {
            limiter.tryTake("busy", 0);
        }
        for (int i = 0; i < 1_000; i++) {
            limiter.tryTake("other" + i, SECOND);
        }

        assertThat(limiter.tryTake("busy", SECOND)).as("one token back after a second").isZero();
        assertThat(limiter.tryTake("busy", SECOND)).isPositive();
    }
}

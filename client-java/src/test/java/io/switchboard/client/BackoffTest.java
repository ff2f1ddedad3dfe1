package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BackoffTest {
    private final Backoff seed = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.5);

    @Test
    void without_jitter_the_waits_double_from_the_initial_one_as_in_the_seed() {
        assertThat(seed.ceilingMillis(0)).isEqualTo(1_000);
        assertThat(seed.ceilingMillis(1)).isEqualTo(2_000);
        assertThat(seed.ceilingMillis(2)).isEqualTo(4_000);
        assertThat(seed.ceilingMillis(3)).isEqualTo(8_000);
    }

    @Test
    void the_wait_never_exceeds_the_cap_however_many_attempts() {
        assertThat(seed.ceilingMillis(5)).isEqualTo(30_000);
        assertThat(seed.ceilingMillis(1_000)).isEqualTo(30_000);
        assertThat(seed.ceilingMillis(Integer.MAX_VALUE)).isEqualTo(30_000);
    }

    @Test
    void jitter_shortens_each_wait_by_at_most_its_share() {
        Random random = new Random(42);
        for (int attempt = 0; attempt < 12; attempt++) {
            long ceiling = seed.ceilingMillis(attempt);
            for (int i = 0; i < 200; i++) {
                long d = seed.delayMillis(attempt, random.nextDouble());
                assertThat(d).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void jitter_spreads_the_waits_so_phones_cut_off_together_do_not_return_together() {
        Random random = new Random(7);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 500; i++) {
            long d = seed.delayMillis(4, random.nextDouble());
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(max - min).isGreaterThan(5_000);
    }

    @Test
    void no_jitter_means_the_same_wait_every_time() {
        Backoff fixed = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 3.0, 0.0);
        assertThat(fixed.delayMillis(1, 0.99)).isEqualTo(300);
        assertThat(fixed.delayMillis(2, 0.01)).isEqualTo(900);
        assertThat(fixed.delayMillis(3, 0.5)).isEqualTo(1_000);
    }

    @Test
    void nonsense_settings_are_refused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2, 0.5)).hasMessageContaining("initial");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.5)).hasMessageContaining("max");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5, 0.5)).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 1.5)).hasMessageContaining("jitter");
    }
}

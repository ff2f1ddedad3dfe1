package io.switchboard.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-memory history keeps the contract, and a new instance (a restarted node) starts another epoch. */
@Timeout(30)
class MemoryChannelHistoryTest extends ChannelHistoryContract {
    @Override
    protected ChannelHistory history() {
        return new MemoryChannelHistory(c -> c.startsWith("kept:") ? KEPT : null, clock::get);
    }

    @Test
    void a_restarted_node_has_another_epoch_for_the_same_channel() {
        String before = history().position("kept:x").result().epoch();
        String after = history().position("kept:x").result().epoch();
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void a_stream_idle_for_an_hour_is_dropped_and_comes_back_under_a_new_epoch() {
        MemoryChannelHistory h = new MemoryChannelHistory(c -> KEPT, clock::get);
        String epoch = h.position("kept:idle").result().epoch();
        clock.addAndGet(3_600_001);
        h.evictIdle();
        assertThat(h.streams()).isZero();
        assertThat(h.position("kept:idle").result().epoch()).isNotEqualTo(epoch);
    }
}

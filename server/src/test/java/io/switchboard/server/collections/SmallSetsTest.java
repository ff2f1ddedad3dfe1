package io.switchboard.server.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SmallSetsTest {
    private final Map<String, Set<Integer>> byUser = new ConcurrentHashMap<>();

    private void add(int n) {
        byUser.compute("ada", (u, set) -> SmallSets.with(set, n));
    }

    private void remove(int n) {
        byUser.computeIfPresent("ada", (u, set) -> SmallSets.without(set, n));
    }

    @Test
    void a_user_with_a_few_sessions_is_held_in_an_immutable_set_and_leaves_no_entry_when_the_last_goes() {
        add(1);
        add(2);
        assertThat(byUser.get("ada")).containsExactlyInAnyOrder(1, 2);
        assertThatThrownBy(() -> byUser.get("ada").add(3)).isInstanceOf(UnsupportedOperationException.class);
        remove(1);
        assertThat(byUser.get("ada")).containsExactly(2);
        remove(7);
        assertThat(byUser.get("ada")).containsExactly(2);
        remove(2);
        assertThat(byUser).doesNotContainKey("ada");
    }

    @Test
    void past_the_small_size_the_set_is_changed_in_place_and_keeps_every_member() {
        IntStream.rangeClosed(1, 10_000).forEach(this::add);
        Set<Integer> set = byUser.get("ada");
        assertThat(set).hasSize(10_000).isInstanceOf(ConcurrentHashMap.KeySetView.class);
        IntStream.rangeClosed(1, 9_990).forEach(this::remove);
        assertThat(byUser.get("ada")).isSameAs(set)
                .isEqualTo(IntStream.rangeClosed(9_991, 10_000).boxed().collect(Collectors.toSet()));
        IntStream.rangeClosed(9_991, 10_000).forEach(this::remove);
        assertThat(byUser).doesNotContainKey("ada");
    }

    @Test
    void adding_a_member_twice_keeps_one() {
        add(1);
        add(1);
        assertThat(byUser.get("ada")).containsExactly(1);
    }
}

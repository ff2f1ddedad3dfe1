package io.switchboard.server.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryPresenceTest {
    private final MemoryPresence presence = new MemoryPresence();
    private final List<String> transitions = new ArrayList<>();

    MemoryPresenceTest() {
        presence.onChange((user, online) -> transitions.add(user + (online ? " online" : " offline")));
    }

    @Test
    void several_sessions_of_one_user_make_one_online_and_one_offline_transition() {
        assertThat(presence.sessionOpened("alice", "tab-1").result()).isTrue();
        assertThat(presence.sessionOpened("alice", "phone").result()).isFalse();
        assertThat(presence.sessionClosed("alice", "tab-1").result()).isFalse();
        assertThat(presence.isOnline("alice").result()).isTrue();
        assertThat(presence.sessionClosed("alice", "phone").result()).isTrue();
        assertThat(presence.isOnline("alice").result()).isFalse();
        assertThat(transitions).containsExactly("alice online", "alice offline");
    }

    @Test
    void closing_an_unknown_session_changes_nothing() {
        presence.sessionOpened("bob", "s1");
        assertThat(presence.sessionClosed("bob", "other").result()).isFalse();
        assertThat(presence.sessionClosed("carol", "s1").result()).isFalse();
        assertThat(presence.isOnline("bob").result()).isTrue();
        assertThat(transitions).containsExactly("bob online");
    }

    @Test
    void online_answers_for_the_users_asked_about() {
        presence.sessionOpened("a", "1");
        presence.sessionOpened("c", "2");
        assertThat(presence.online(List.of("a", "b", "c")).result()).isEqualTo(Set.of("a", "c"));
        assertThat(presence.onlineCount()).isEqualTo(2);
    }
}

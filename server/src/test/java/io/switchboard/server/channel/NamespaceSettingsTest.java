package io.switchboard.server.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.server.broker.HistoryOptions;
import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingValues;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class NamespaceSettingsTest {
    private static ChannelPolicy policy(Map<String, String> raw, Map<String, HistoryOptions> channelHistory) {
        return new ChannelPolicy(NamespaceSettings.from(SettingValues.of(raw), channelHistory));
    }

    @Test
    void the_built_in_namespaces_exist_with_their_defaults_and_nothing_else_does() {
        ChannelPolicy p = new ChannelPolicy();

        assertThat(p.namespace("public").subscribe()).isEqualTo(SubscribeRule.AUTHENTICATED);
        assertThat(p.namespace("user").subscribe()).isEqualTo(SubscribeRule.OWNER);
        assertThat(p.namespace("public").history()).isNull();
        assertThat(p.namespace("room")).isNull();
    }

    @Test
    void a_block_makes_a_namespace_and_changes_only_the_options_it_names_of_one_declared_in_code() {
        ChannelPolicy p = policy(Map.of("namespace.room.subscribe", "token", "namespace.room.history-size", "20",
                "namespace.post.history-size", "5"), Map.of());

        Namespace post = p.declare(Namespace.builder("post").publish(PublishRule.BACKEND).presence(true));

        assertThat(p.namespace("room").subscribe()).isEqualTo(SubscribeRule.TOKEN);
        assertThat(p.namespace("room").history()).isEqualTo(new HistoryOptions(20, Namespace.DEFAULT_HISTORY_TTL));
        assertThat(p.namespace("room").recover()).isTrue();
        assertThat(post.publish()).isEqualTo(PublishRule.BACKEND);
        assertThat(post.presence()).isTrue();
        assertThat(post.historySize()).isEqualTo(5);
        assertThat(p.namespace("post")).isEqualTo(post);
    }

    @Test
    void channel_history_is_the_shorthand_and_the_namespace_keys_win_over_it() {
        ChannelPolicy p = policy(Map.of("namespace.user.history-ttl", "1h"),
                HistoryOptions.parse("public=100/10m,user=50/1m"));

        assertThat(p.history("public:x")).isEqualTo(new HistoryOptions(100, Duration.ofMinutes(10)));
        assertThat(p.history("user:a")).isEqualTo(new HistoryOptions(50, Duration.ofHours(1)));
    }

    @Test
    void delta_is_off_by_default_fossil_turns_it_on_and_anything_else_is_refused_naming_the_key() {
        ChannelPolicy p = policy(Map.of("namespace.doc.delta", "fossil", "namespace.room.delta", "off",
                "namespace.post.subscribe", "anyone"), Map.of());

        assertThat(p.namespace("doc").delta()).isTrue();
        assertThat(p.namespace("room").delta()).isFalse();
        assertThat(p.namespace("post").delta()).isFalse();
        assertThatThrownBy(() -> policy(Map.of("namespace.doc.delta", "xdelta"), Map.of()))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("namespace.doc.delta")
                .hasMessageContaining("off or fossil");
    }

    @Test
    void a_namespace_is_declared_in_code_once() {
        ChannelPolicy p = new ChannelPolicy();

        assertThatThrownBy(() -> p.declare(Namespace.builder("public"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void options_that_do_not_fit_are_refused_naming_the_key() {
        assertThatThrownBy(() -> policy(Map.of("namespace.room.publish", "everyone"), Map.of()))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("namespace.room.publish");
        assertThatThrownBy(() -> policy(Map.of("namespace.room.client-history", "true"), Map.of()))
                .hasMessageContaining("client-history needs a history");
        assertThatThrownBy(() -> policy(Map.of("namespace.room.recover", "true"), Map.of()))
                .hasMessageContaining("recover needs a history");
        assertThatThrownBy(() -> policy(Map.of("namespace.room.history-ttl", "2d", "namespace.room.history-size", "1"), Map.of()))
                .hasMessageContaining("namespace.room.history-ttl");
        assertThatThrownBy(() -> policy(Map.of("namespace.Room.subscribe", "anyone"), Map.of()))
                .hasMessageContaining("namespace.Room.subscribe");
        assertThatThrownBy(() -> SettingValues.of(Map.of("namespace.room.colour", "red"))
                .requireKnown(io.switchboard.server.Settings.ACCEPTED))
                .hasMessageContaining("unknown option 'colour' of namespace.<ns>.*");
        SettingValues.of(Map.of("namespace.room.subscribe", "anyone")).requireKnown(io.switchboard.server.Settings.ACCEPTED);
    }
}

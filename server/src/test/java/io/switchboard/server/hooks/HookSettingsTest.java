package io.switchboard.server.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hook settings: defaults, and the clear refusal of values that cannot work. */
@Timeout(10)
class HookSettingsTest {
    private static HookSettings of(Map<String, String> raw) {
        return HookSettings.from(SettingValues.of(raw));
    }

    @Test
    void without_settings_there_are_no_hooks_and_the_documented_defaults() {
        HookSettings s = of(Map.of());

        assertThat(s.any()).isFalse();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.maxInFlight()).isEqualTo(256);
        assertThat(s.headers()).isEmpty();
    }

    @Test
    void headers_are_kept_in_lower_case() {
        HookSettings s = of(Map.of("hook-headers", "Cookie, User-Agent,cookie", "hook-subscribe-url", "http://b/s"));

        assertThat(s.headers()).isEqualTo(List.of("cookie", "user-agent"));
    }

    @Test
    void a_header_that_describes_the_connection_is_refused() {
        assertThatThrownBy(() -> of(Map.of("hook-headers", "Cookie,Host"))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("hook-headers").hasMessageContaining("Host");
    }

    @Test
    void a_url_that_is_not_http_is_refused() {
        assertThatThrownBy(() -> of(Map.of("hook-rpc-url", "ftp://backend/rpc"))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("hook-rpc-url");
    }
}

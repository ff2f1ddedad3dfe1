package io.switchboard.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.server.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SettingsLoaderTest {
    @TempDir
    Path dir;

    @Test
    void flags_beat_the_environment_which_beats_the_config_file() throws Exception {
        Path file = dir.resolve("switchboard.properties");
        Files.writeString(file, "port = 7001\nhost = 127.0.0.2\nmax-frame-bytes = 2048\n");
        Map<String, String> env = Map.of("SWITCHBOARD_PORT", "7002", "SWITCHBOARD_HOST", "127.0.0.3");
        Settings s = load(file, env, Map.of("port", "7003"));
        assertThat(s.server().port()).isEqualTo(7003);
        assertThat(s.server().host()).isEqualTo("127.0.0.3");
        assertThat(s.gateway().maxFrameBytes()).isEqualTo(2048);
    }

    @Test
    void the_config_file_can_be_named_by_the_environment() throws Exception {
        Path file = dir.resolve("other.properties");
        Files.writeString(file, "data-dir = " + dir.resolve("d") + "\n");
        Settings s = load(null, Map.of("SWITCHBOARD_CONFIG", file.toString()), Map.of());
        assertThat(s.dataDir()).isEqualTo(dir.resolve("d"));
        assertThat(s.database().url()).isEqualTo("jdbc:sqlite:" + dir.resolve("d").resolve("switchboard.db"));
    }

    @Test
    void defaults_are_a_development_node_on_8080_with_sqlite_under_data() {
        Settings s = Settings.from(Map.of());
        assertThat(s.server().port()).isEqualTo(8080);
        assertThat(s.devMode()).isTrue();
        assertThat(s.database().sqlite()).isTrue();
        assertThat(s.gateway().maxFrameBytes()).isEqualTo(64 * 1024);
        assertThat(s.dataDir()).isEqualTo(Path.of("./data").toAbsolutePath().normalize());
    }

    @Test
    void redis_is_off_by_default_and_a_bad_url_is_refused_without_echoing_its_password() {
        Settings none = Settings.from(Map.of());
        assertThat(none.redis().url()).isNull();
        assertThat(none.redis().prefix()).isEqualTo("sb");
        Settings some = load(null, Map.of("SWITCHBOARD_REDIS_PREFIX", "blue"),
                Map.of("redis", "redis://:pw@10.0.0.5:6380/2"));
        assertThat(some.redis().url()).isEqualTo("redis://:pw@10.0.0.5:6380/2");
        assertThat(some.redis().prefix()).isEqualTo("blue");

        assertThatThrownBy(() -> Settings.from(Map.of("redis", "http://:secret-pw@host:6379")))
                .hasMessageContaining("'redis'").hasMessageNotContaining("secret-pw");
        assertThatThrownBy(() -> Settings.from(Map.of("redis-prefix", "has space"))).hasMessageContaining("'redis-prefix'");
    }

    @Test
    void redis_takes_sentinel_and_cluster_urls_and_refuses_bad_ones_without_echoing_their_password() {
        String sentinel = "redis-sentinel://:pw@10.0.0.5:26379,10.0.0.6:26379/mymaster/2";
        assertThat(Settings.from(Map.of("redis", sentinel)).redis().url()).isEqualTo(sentinel);
        String cluster = "redis-cluster://:pw@10.0.0.5:7000,10.0.0.6:7001";
        assertThat(Settings.from(Map.of("redis", cluster)).redis().url()).isEqualTo(cluster);

        for (String bad : List.of(
                "redis-sentinel://:secret-pw@10.0.0.5:26379",
                "redis-sentinel://:secret-pw@10.0.0.5:26379/",
                "redis-sentinel://:secret-pw@10.0.0.5/mymaster",
                "redis-sentinel://:secret-pw@10.0.0.5:26379,/mymaster",
                "redis-sentinel://:secret-pw@10.0.0.5:26379/mymaster/x",
                "redis-cluster://:secret-pw@10.0.0.5:7000/0",
                "redis-cluster://:secret-pw@",
                "rediss-cluster://:secret-pw@10.0.0.5:7000")) {
            assertThatThrownBy(() -> Settings.from(Map.of("redis", bad))).as(bad)
                    .hasMessageContaining("'redis'").hasMessageNotContaining("secret-pw");
        }
    }

    @Test
    void the_node_id_is_random_unless_set_and_presence_outlives_a_node_by_15_seconds_unless_set() {
        Settings none = Settings.from(Map.of());
        assertThat(none.redis().nodeId()).isNull();
        assertThat(none.redis().presenceTtl()).isEqualTo(Duration.ofSeconds(15));
        Settings some = Settings.from(Map.of("node-id", "web-3", "presence-ttl", "5s"));
        assertThat(some.redis().nodeId()).isEqualTo("web-3");
        assertThat(some.redis().presenceTtl()).isEqualTo(Duration.ofSeconds(5));

        assertThatThrownBy(() -> Settings.from(Map.of("node-id", "web 3"))).hasMessageContaining("'node-id'");
        assertThatThrownBy(() -> Settings.from(Map.of("presence-ttl", "500ms"))).hasMessageContaining("'presence-ttl'");
    }

    @Test
    void the_database_timeout_is_five_seconds_by_default_and_at_least_half_a_second() {
        assertThat(Settings.from(Map.of()).database().timeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(Settings.from(Map.of("database-timeout", "1500ms")).database().timeout()).isEqualTo(java.time.Duration.ofMillis(1500));
        assertThatThrownBy(() -> Settings.from(Map.of("database-timeout", "100ms"))).hasMessageContaining("'database-timeout'");
    }

    @Test
    void a_bad_value_is_refused_with_one_line_naming_the_setting() {
        assertThatThrownBy(() -> load(null, Map.of(), Map.of("port", "eighty")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("invalid setting 'port': must be a whole number, got 'eighty'");
        assertThatThrownBy(() -> load(null, Map.of("SWITCHBOARD_PORT", "70000"), Map.of()))
                .hasMessageContaining("'port'").hasMessageContaining("70000");
        assertThatThrownBy(() -> Settings.from(Map.of("dev", "maybe"))).hasMessageContaining("'dev'");
        assertThatThrownBy(() -> Settings.from(Map.of("database-url", "mysql://x"))).hasMessageContaining("'database-url'");
        assertThatThrownBy(() -> Settings.from(Map.of("allowed-origins", "not an origin"))).hasMessageContaining("'allowed-origins'");
        assertThatThrownBy(() -> Settings.from(Map.of("jwt-secret", "short"))).hasMessageContaining("'jwt-secret'");
    }

    @Test
    void an_unknown_setting_is_refused_by_name() {
        assertThatThrownBy(() -> Settings.from(Map.of("prot", "80")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("invalid setting 'prot': unknown setting");
    }

    @Test
    void durations_take_units_and_the_idle_timeout_must_exceed_the_ping_interval() {
        Settings s = Settings.from(Map.of("ping-interval", "500ms", "idle-timeout", "2m"));
        assertThat(s.gateway().pingInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.gateway().idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> Settings.from(Map.of("ping-interval", "30s", "idle-timeout", "10s")))
                .hasMessageContaining("'idle-timeout'");
        assertThatThrownBy(() -> Settings.from(Map.of("ping-interval", "soon"))).hasMessageContaining("'ping-interval'");
    }

    @Test
    void a_postgres_url_is_accepted_in_libpq_form() {
        Settings s = Settings.from(Map.of("database-url", "postgres://127.0.0.1:5432/test"));
        assertThat(s.database().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(s.database().sqlite()).isFalse();
    }

    @Test
    void a_missing_config_file_is_named() {
        assertThatThrownBy(() -> load(dir.resolve("absent.properties"), Map.of(), Map.of()))
                .hasMessageContaining("'config'").hasMessageContaining("absent.properties");
    }

    @Test
    void the_rate_limits_come_from_kebab_case_keys_and_the_environment() {
        Settings s = load(null, Map.of("SWITCHBOARD_CONNECT_RATE_PER_IP", "7", "SWITCHBOARD_REST_WRITE_BURST", "9"),
                Map.of("connect-burst-per-ip", "8", "rest-write-rate", "3", "trusted-proxies", "10.0.0.0/8, 127.0.0.1, ::1"));
        assertThat(s.server().connectRatePerIp()).isEqualTo(7);
        assertThat(s.server().connectBurstPerIp()).isEqualTo(8);
        assertThat(s.rest().writeRate()).isEqualTo(3);
        assertThat(s.rest().writeBurst()).isEqualTo(9);
        assertThat(s.server().trustedProxies()).containsExactly("10.0.0.0/8", "127.0.0.1", "::1");
        assertThatThrownBy(() -> Settings.from(Map.of("connect-rate-per-ip", "0")))
                .hasMessage("invalid setting 'connect-rate-per-ip': must be from 1 to 1000000, got 0");
        assertThatThrownBy(() -> Settings.from(Map.of("rest-write-burst", "lots"))).hasMessageContaining("'rest-write-burst'");
    }

    @Test
    void a_trusted_proxy_must_be_an_address_or_range_never_a_host_name() {
        assertThatThrownBy(() -> Settings.from(Map.of("trusted-proxies", "proxy.example.com")))
                .hasMessageStartingWith("invalid setting 'trusted-proxies': 'proxy.example.com' is not an IP address or range");
        assertThatThrownBy(() -> Settings.from(Map.of("trusted-proxies", "10.0.0.0/33")))
                .hasMessageContaining("'trusted-proxies'").hasMessageContaining("prefix length");
        assertThatThrownBy(() -> Settings.from(Map.of("trusted-proxies", "300.1.1.1"))).hasMessageContaining("'trusted-proxies'");
    }

    @Test
    void tls_needs_both_the_certificate_and_the_key() {
        assertThatThrownBy(() -> Settings.from(Map.of("tls-cert", "cert.pem")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("invalid setting 'tls-key': must be set too when tls-cert is");
        assertThatThrownBy(() -> Settings.from(Map.of("tls-key", "key.pem")))
                .hasMessageStartingWith("invalid setting 'tls-cert': must be set too when tls-key is");
        Settings s = Settings.from(Map.of("tls-cert", "cert.pem", "tls-key", "key.pem"));
        assertThat(s.server().tls()).isTrue();
        assertThat(s.server().tlsCert()).isEqualTo(Path.of("cert.pem").toAbsolutePath());
        assertThat(Settings.from(Map.of()).server().tls()).isFalse();
    }

    /** The engine's settings as the loader layers them. */
    private static Settings load(Path file, Map<String, String> env, Map<String, String> flags) {
        return Settings.from(SettingsLoader.load(file, env, flags, Settings.KEYS));
    }
}

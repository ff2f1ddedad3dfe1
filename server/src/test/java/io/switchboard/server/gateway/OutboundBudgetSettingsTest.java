package io.switchboard.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingValues;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code outbound-budget-bytes} and {@code outbound-connection-bytes}: their defaults, units and checks. */
@Timeout(30)
class OutboundBudgetSettingsTest {
    private static final long MIB = 1L << 20;

    @Test
    void the_node_total_is_a_quarter_of_the_heap_unless_set_and_a_connection_gets_4_mib() {
        GatewayLimits limits = GatewayLimits.from(SettingValues.of(Map.of()), 1024 * MIB);

        assertThat(limits.outboundBudgetBytes()).isEqualTo(256 * MIB);
        assertThat(limits.outboundConnectionBytes()).isEqualTo(4 * MIB);
    }

    @Test
    void sizes_take_k_m_and_g_and_plain_bytes() {
        GatewayLimits limits = GatewayLimits.from(SettingValues.of(Map.of("outbound-budget-bytes", "1g",
                "outbound-connection-bytes", "512k")), 1024 * MIB);
        assertThat(limits.outboundBudgetBytes()).isEqualTo(1024 * MIB);
        assertThat(limits.outboundConnectionBytes()).isEqualTo(512 * 1024);

        assertThat(GatewayLimits.from(SettingValues.of(Map.of("outbound-budget-bytes", "67108864")), MIB)
                .outboundBudgetBytes()).isEqualTo(64 * MIB);
    }

    @Test
    void a_node_total_below_one_connections_share_or_a_share_below_64_kib_is_refused_by_name() {
        assertThatThrownBy(() -> GatewayLimits.from(SettingValues.of(Map.of("outbound-budget-bytes", "2m",
                "outbound-connection-bytes", "4m")), 1024 * MIB))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("outbound-budget-bytes");
        assertThatThrownBy(() -> GatewayLimits.from(SettingValues.of(Map.of("outbound-connection-bytes", "1k")), MIB))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("outbound-connection-bytes");
        assertThatThrownBy(() -> GatewayLimits.from(SettingValues.of(Map.of("outbound-budget-bytes", "lots")), MIB))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("outbound-budget-bytes");
    }

    @Test
    void a_small_heap_still_leaves_the_node_at_least_one_connections_share() {
        assertThat(GatewayLimits.from(SettingValues.of(Map.of()), 8 * MIB).outboundBudgetBytes()).isEqualTo(4 * MIB);
    }
}

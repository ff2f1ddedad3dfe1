package io.switchboard.tests.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.SwitchboardExtension;
import io.switchboard.testkit.TestClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension registered in a field instead of by annotation, with settings given as a map. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegisteredExtensionTest {
    @RegisterExtension
    static final SwitchboardExtension SWITCHBOARD = SwitchboardExtension.withSettings(Map.of("max-connections-per-user", "1"));

    @Test
    void the_settings_apply_and_the_server_is_reachable_through_the_field() {
        assertThat(SWITCHBOARD.server().switchboard().settings().gateway().maxConnectionsPerUser()).isEqualTo(1);
        try (TestClient client = SWITCHBOARD.server().client("alice")) {
            assertThat(client.ping().path("type").asText()).isEqualTo("pong");
        }
    }
}

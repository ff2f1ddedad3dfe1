package io.switchboard.tests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Json;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory history does not survive a restart, and the new epoch says so. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecoveryAcrossRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void after_a_restart_the_epoch_changes_and_an_old_position_is_not_recovered() {
        Map<String, String> settings = Map.of("data-dir", dataDir.toString(), "channel-history", "public=100/10m");
        String epoch;
        int port;
        try (TestServer first = TestServer.start(settings)) {
            port = first.port();
            TestClient alice = first.client("alice");
            epoch = alice.request("subscribe", Json.object().put("channel", "public:news")).data().path("epoch").asText();
            first.http().publish("public:news", Map.of("n", 1));
            assertThat(alice.awaitMessage("public:news").path("offset").asLong()).isEqualTo(1);
        }
        Map<String, String> again = new java.util.HashMap<>(settings);
        again.put("port", String.valueOf(port));
        try (TestServer second = TestServer.start(again)) {
            second.http().publish("public:news", Map.of("n", 2));
            Reply reply = second.client("alice").request("subscribe", ChannelRecoveryTest.recover("public:news", epoch, 1));

            assertThat(reply.data().path("recovered").asBoolean()).isFalse();
            assertThat(reply.data().path("epoch").asText()).isNotEqualTo(epoch);
            assertThat(reply.data().path("offset").asLong()).isEqualTo(1);
        }
    }
}

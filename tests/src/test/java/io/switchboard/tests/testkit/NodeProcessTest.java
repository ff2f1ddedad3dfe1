package io.switchboard.tests.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.CloseStatus;
import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.TestClient;
import io.switchboard.testtags.NeedsProcesses;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a test relies on when it runs a node as a process of its own. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@NeedsProcesses
class NodeProcessTest {
    @Test
    void a_stopped_node_closes_its_sockets_with_1001_a_killed_one_without_a_close_frame_and_a_restart_keeps_port_and_data() {
        try (NodeProcess node = NodeProcess.start(Map.of(), Path.of("target", "cluster-logs", "node-process.log"))) {
            int port = node.port();
            assertThat(node.http().postJson("/api/inbox/events", Map.of("user_id", "ada", "type", "note", "data", 1),
                    Map.of("X-Api-Key", node.apiKey())).status()).isEqualTo(201);
            TestClient alice = node.client("alice");

            node.stop();

            assertThat(alice.awaitClose().code()).isEqualTo(1001);
            assertThat(node.isRunning()).isFalse();

            node.restart();

            assertThat(node.port()).isEqualTo(port);
            try (TestClient ada = node.userClient("ada", 0L)) {
                assertThat(ada.awaitEvent().path("seq").asLong()).isEqualTo(1);
            }
            TestClient bob = node.client("bob");

            node.kill();

            assertThat(bob.awaitClose().code()).isEqualTo(CloseStatus.ABNORMAL);
            assertThat(node.isRunning()).isFalse();
        }
    }
}

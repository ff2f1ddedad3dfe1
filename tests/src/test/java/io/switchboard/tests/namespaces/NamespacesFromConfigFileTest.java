package io.switchboard.tests.namespaces;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.TestClient;
import io.switchboard.tests.support.SwitchboardCommand;
import io.switchboard.tests.support.SwitchboardCommand.Result;
import io.switchboard.testtags.NeedsProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator writes: a config file with a block per namespace, read by {@code switchboard serve --config FILE}
 * (with {@code --set} on top), checked first by {@code switchboard config check}; each a process of its own.
 */
@NeedsProcesses
@Timeout(120)
class NamespacesFromConfigFileTest {
    private static final String CONFIG = """
            # a chat backend's channels
            namespace.room.subscribe = authenticated
            namespace.room.history-size = 50
            namespace.room.history-ttl = 10m
            namespace.room.presence = true
            namespace.room.client-presence = true
            namespace.announcements.publish = backend
            namespace.secret.subscribe = token
            namespace.public.subscribe = none
            namespace.doc.delta = fossil
            """;

    @TempDir
    Path dir;

    @Test
    void serve_with_a_config_file_applies_its_namespaces_and_set_flags_win() throws Exception {
        Path file = dir.resolve("switchboard.properties");
        Files.writeString(file, CONFIG);
        try (NodeProcess node = NodeProcess.start(Map.of("namespace.announcements.subscribe", "owner"),
                dir.resolve("node.log"), file); TestClient alice = node.client("alice")) {
            Reply room = alice.request("subscribe", Map.of("channel", "room:1")).assertAck();
            Reply presence = alice.request("presence", Map.of("channel", "room:1")).assertAck();
            Reply announcements = alice.request("publish", Map.of("channel", "announcements:alice", "data", "x"));
            Reply othersAnnouncements = alice.request("subscribe", Map.of("channel", "announcements:bob"));
            Reply secret = alice.request("subscribe", Map.of("channel", "secret:1"));
            Reply publicNow = alice.request("subscribe", Map.of("channel", "public:lobby"));
            Reply nowhere = alice.request("subscribe", Map.of("channel", "lobby:1"));

            assertThat(room.data().path("epoch").asText()).isNotEmpty();
            assertThat(presence.data().path("clients")).hasSize(1);
            assertThat(announcements.errorMessage()).contains("publish=backend");
            assertThat(othersAnnouncements.errorMessage()).contains("subscribe=owner");
            assertThat(secret.errorField()).isEqualTo("data.token");
            assertThat(publicNow.errorMessage()).contains("subscribe=none");
            assertThat(nowhere.errorMessage()).contains("no namespace 'lobby' is configured");
        }
    }

    @Test
    void config_check_accepts_the_namespace_blocks_and_refuses_a_bad_one_in_one_line() throws Exception {
        Path file = dir.resolve("switchboard.properties");
        Files.writeString(file, CONFIG);
        assertThat(run("config", "check", "--config", file.toString()).code()).isZero();

        Result option = run("config", "check", "--config", file.toString(), "--set", "namespace.room.histroy-size=5");
        Result value = run("config", "check", "--config", file.toString(), "--set", "namespace.room.subscribe=everyone");
        Result together = run("config", "check", "--config", file.toString(), "--set", "namespace.room.presence=false");
        Result delta = run("config", "check", "--config", file.toString(), "--set", "namespace.doc.delta=xdelta");
        Result print = run("config", "print");

        assertThat(option.code()).isEqualTo(2);
        assertThat(option.err().strip()).startsWith("switchboard: invalid setting 'namespace.room.histroy-size': unknown option 'histroy-size' of namespace.<ns>.*; the options are subscribe, publish, history-size")
                .doesNotContain("\n");
        assertThat(value.err().strip()).isEqualTo("switchboard: invalid setting 'namespace.room.subscribe': must be one of "
                + "anyone, authenticated, owner, token, none, got 'everyone'");
        assertThat(together.err().strip()).isEqualTo("switchboard: invalid setting 'namespace.room': client-presence needs presence=true");
        assertThat(delta.err().strip()).isEqualTo("switchboard: invalid setting 'namespace.doc.delta': must be off or fossil, got 'xdelta'");
        assertThat(print.out()).contains("#namespace.<ns>.delta = off").contains("#namespace.<ns>.subscribe = authenticated").contains("#namespace.<ns>.publish = clients");
    }

    private Result run(String... args) throws IOException, InterruptedException {
        return SwitchboardCommand.run(dir, args);
    }
}

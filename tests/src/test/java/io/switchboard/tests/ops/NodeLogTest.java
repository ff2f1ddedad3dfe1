package io.switchboard.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.CloseStatus;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.TestClient;
import io.switchboard.testtags.NeedsProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an operator reads in a node's log: a line per socket opened, closed (with its code) and refused (with the
 * reason, never the token), a line per HTTP request with {@code access-log}, a start and a shutdown line after
 * SIGTERM, ISO-8601 timestamps with the date, and with {@code log-format=json} one JSON object per line.
 */
@NeedsProcesses
@Timeout(120)
class NodeLogTest {
    private static final Pattern ISO_LINE = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) (INFO|WARN|ERROR|DEBUG|TRACE) .*");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BAD_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.not-the-signature-SECRET42";

    @Test
    void text_log_has_a_line_per_socket_opened_closed_and_refused_per_request_and_for_start_and_shutdown() throws Exception {
        try (NodeProcess node = NodeProcess.start(Map.of("access-log", "true"), Path.of("target", "ops-logs", "text.log"))) {
            TestClient alice = node.client("alice");
            String session = alice.sessionId();
            alice.close();
            TestClient refused = node.connect(ConnectOptions.tokenInQuery(BAD_TOKEN));
            CloseStatus status = refused.awaitClose();
            assertThat(status.code()).isEqualTo(4002);
            assertThat(node.http().get("/health/live").status()).isEqualTo(200);

            awaitLine(node, l -> l.contains("socket opened: session " + session + " user alice on /ws"));
            awaitLine(node, l -> l.contains("socket closed: session " + session + " user alice code 1000"));
            awaitLine(node, l -> l.contains("socket refused: code 4002") && l.contains("on /ws"));
            awaitLine(node, l -> l.contains("GET /health/live 200"));
            node.stop();

            List<String> lines = lines(node);
            assertThat(lines).anyMatch(l -> l.contains("started: listening on 127.0.0.1:" + node.port()));
            assertThat(lines).anyMatch(l -> l.contains("shutting down: closing"));
            assertThat(lines).anyMatch(l -> l.contains("stopped after"));
            assertThat(String.join("\n", lines)).doesNotContain(BAD_TOKEN).doesNotContain("SECRET42");
            List<String> logged = lines.stream().filter(l -> l.contains(" - ")).toList();
            assertThat(logged).isNotEmpty().allMatch(l -> ISO_LINE.matcher(l).matches(), "an ISO-8601 timestamp first");
        }
    }

    @Test
    void json_log_is_one_parsable_object_per_line() throws Exception {
        try (NodeProcess node = NodeProcess.start(Map.of("log-format", "json"), Path.of("target", "ops-logs", "json.log"))) {
            TestClient bob = node.client("bob");
            bob.close();
            awaitLine(node, l -> l.contains("socket closed: session " + bob.sessionId()));
            node.stop();

            List<JsonNode> events = new ArrayList<>();
            for (String line : lines(node)) {
                if (line.startsWith("{")) {
                    events.add(JSON.readTree(line));
                }
            }
            assertThat(events).anySatisfy(e -> {
                assertThat(e.path("message").asText()).startsWith("socket closed: session " + bob.sessionId())
                        .contains("code 1000");
                assertThat(e.path("level").asText()).isEqualTo("INFO");
                assertThat(e.path("logger").asText()).isEqualTo("switchboard.connections");
                assertThat(e.path("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
            });
            assertThat(events).anySatisfy(e -> assertThat(e.path("message").asText()).startsWith("stopped after"));
            assertThat(lines(node)).noneMatch(l -> ISO_LINE.matcher(l).matches());
        }
    }

    private static void awaitLine(NodeProcess node, java.util.function.Predicate<String> line) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(lines(node)).anyMatch(line));
    }

    private static List<String> lines(NodeProcess node) throws IOException {
        return Files.readAllLines(node.log(), StandardCharsets.UTF_8);
    }
}

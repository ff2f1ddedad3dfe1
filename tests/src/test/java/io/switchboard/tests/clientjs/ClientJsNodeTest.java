package io.switchboard.tests.clientjs;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The browser client's own tests (client-js/test: unit tests on a fake socket, the React bindings, the type
 * declarations, and integration tests) run by Node's test runner against a live node started here, so that
 * {@code ./mvnw verify} fails when any of them fails.
 */
@Timeout(600)
@NeedsNode
class ClientJsNodeTest {
    /** The app that answers the assistant's REST API; installed when the server has it. */
    static final String ASSISTANT_APP = "io.switchboard.server.apps.assistant.AssistantApp";

    @Test
    void the_browser_client_passes_its_node_tests_against_a_live_node() throws Exception {
        List<SwitchboardApp> apps = new ArrayList<>();
        List<String> expect = new ArrayList<>(List.of("inbox"));
        SwitchboardApp assistant = optionalApp(ASSISTANT_APP);
        if (assistant != null) {
            apps.add(assistant);
            expect.add("assistant");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("channel-history", "public=100/10m");
        // The doc namespace of test/integration/delta.test.js: Fossil deltas, with history for recovery.
        settings.put("namespace.doc.delta", "fossil");
        settings.put("namespace.doc.history-size", "50");
        // The room namespace of test/integration/msgpack.test.js: presence, join/leave and history for clients.
        settings.put("namespace.room.presence", "true");
        settings.put("namespace.room.client-presence", "true");
        settings.put("namespace.room.join-leave", "true");
        settings.put("namespace.room.history-size", "10");
        settings.put("namespace.room.client-history", "true");
        TestServer server;
        try {
            server = TestServer.start(settings, apps);
            expect.add("channel-history");
            expect.add("delta");
        } catch (InvalidSettingException e) {
            server = TestServer.start(Map.of(), apps);
        }
        try (TestServer node = server) {
            NodeTestRun run = NodeTestRun.run(Map.of(
                    "SWITCHBOARD_URL", "http://127.0.0.1:" + node.port(),
                    "SWITCHBOARD_API_KEY", node.apiKey(),
                    "SWITCHBOARD_EXPECT", String.join(",", expect)), "test");
            assertThat(run.failed()).as("failing client-js tests; see the [client-js] lines above").isZero();
            assertThat(run.exit()).as("node --test exit code").isZero();
            assertThat(run.passed()).as("client-js tests that passed").isPositive();
            if (run.skipped() > 0) {
                System.out.println("[client-js] skipped: " + run.skippedTests());
            }
        }
    }

    private static SwitchboardApp optionalApp(String className) throws ReflectiveOperationException {
        try {
            return (SwitchboardApp) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}

package io.switchboard.tests.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.Reply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hooks whose backend is down (nothing listens: connection refused) yield {@code unavailable}, never a hang. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HookDownTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("hook-rpc-url", TestBackend.nothingListens("/rpc"),
                "hook-publish-url", TestBackend.nothingListens("/publish"), "namespace.public.publish-hook", "true",
                "hook-subscribe-url", TestBackend.nothingListens("/subscribe"), "namespace.public.subscribe-hook", "true"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void an_rpc_to_a_backend_that_is_down_is_unavailable_and_the_connection_lives_on() {
        try (TestClient alice = server.client("alice")) {
            Reply reply = alice.request("rpc", Map.of("method", "anything"));

            assertThat(reply.errorCode()).as("reply %s", reply).isEqualTo("unavailable");
            assertThat(reply.errorTemporary()).isTrue();
            assertThat(reply.errorMessage()).contains("rpc hook cannot be reached");
            assertThat(alice.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void a_subscribe_and_a_publish_in_hooked_namespaces_are_unavailable_and_nothing_is_published() {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            bob.subscribe("user:bob");
            Reply subscribe = alice.request("subscribe", Map.of("channel", "public:lobby"));
            Reply publish = alice.request("publish", Map.of("channel", "public:lobby", "data", "hi"));

            assertThat(subscribe.errorCode()).as("reply %s", subscribe).isEqualTo("unavailable");
            assertThat(publish.errorCode()).as("reply %s", publish).isEqualTo("unavailable");
            assertThat(publish.errorMessage()).contains("publish hook cannot be reached");
            // A namespace without hooks is not asked.
            alice.request("publish", Map.of("channel", "user:alice", "data", "mine")).assertAck();
        }
    }
}

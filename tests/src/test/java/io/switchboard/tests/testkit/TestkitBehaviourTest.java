package io.switchboard.tests.testkit;

import static io.switchboard.testkit.ConnectOptions.tokenInQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The testkit's own promises, as a user of it relies on them. */
@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestkitBehaviourTest {
    private final TestServer server;

    TestkitBehaviourTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_wait_that_times_out_fails_naming_what_was_expected_and_what_was_unread() {
        try (TestClient client = server.client("alice").timeout(Duration.ofMillis(300))) {
            client.subscribe("public:t");
            server.http().publish("public:t", "unrelated");
            assertThat(client.awaitMessage("public:t").path("data").asText()).isEqualTo("unrelated");
            server.http().publish("public:t", "still unread");

            assertThatThrownBy(() -> client.awaitPush("no_such_type"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("'no_such_type'")
                    .hasMessageContaining("still unread");
        }
    }

    @Test
    void assert_no_push_fails_when_a_frame_arrives() {
        try (TestClient client = server.client("alice")) {
            client.subscribe("public:n");
            server.http().publish("public:n", 1);

            assertThatThrownBy(() -> client.assertNoPush(Duration.ofSeconds(5)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("public:n");
        }
    }

    @Test
    void frames_other_than_the_awaited_one_stay_unread_in_order() {
        try (TestClient client = server.client("alice")) {
            client.subscribe("public:a");
            client.subscribe("public:b");
            server.http().publish("public:a", 1);
            server.http().publish("public:a", 2);
            server.http().publish("public:b", 3);

            assertThat(client.awaitMessage("public:b").path("data").asInt()).isEqualTo(3);
            assertThat(client.awaitMessage("public:a").path("data").asInt()).isEqualTo(1);
            assertThat(client.awaitMessage("public:a").path("data").asInt()).isEqualTo(2);
        }
    }

    @Test
    void a_small_inbox_applies_backpressure_without_losing_frames() {
        try (TestClient client = server.connect(tokenInQuery(server.token("alice")).inboxCapacity(2))) {
            client.awaitEstablished();
            client.subscribe("public:small");
            for (int i = 0; i < 20; i++) {
                server.http().publish("public:small", Map.of("i", i));
            }

            for (int i = 0; i < 20; i++) {
                assertThat(client.awaitMessage("public:small").path("data").path("i").asInt()).isEqualTo(i);
            }
        }
    }

    @Test
    void a_closed_client_cannot_be_awaited_forever() {
        TestClient client = server.client("alice");
        client.close();

        assertThat(client.isOpen()).isFalse();
        assertThatThrownBy(client::ping).isInstanceOf(AssertionError.class);
    }

    @Nested
    class A_nested_class {
        @Test
        void shares_the_enclosing_class_server(TestServer nested) {
            assertThat(nested).isSameAs(server);
        }
    }
}

package io.switchboard.tests.http;

import static io.switchboard.testkit.ConnectOptions.tokenInQuery;
import static io.switchboard.testkit.ConnectOptions.withoutToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.testkit.ConnectFailedException;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthAndMetricsTest {
    private final TestServer server;

    HealthAndMetricsTest(TestServer server) {
        this.server = server;
    }

    @Test
    void liveness_answers_200() {
        HttpReply reply = server.http().get("/health/live");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("status").asText()).isEqualTo("up");
    }

    @Test
    void readiness_answers_200_with_the_database_up() {
        HttpReply reply = server.http().get("/health/ready");

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.json().path("checks").path("database").asText()).isEqualTo("up");
    }

    @Test
    void metrics_count_connections_messages_errors_and_closes_after_some_traffic() {
        try (TestClient alice = server.client("alice")) {
            alice.subscribe("public:metrics");
            alice.send("not json");
            assertThat(alice.awaitError().errorCode()).isEqualTo("bad_json");
            server.connect(withoutToken()).awaitClose();

            HttpReply reply = server.http().get("/metrics");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("Content-Type")).startsWith("text/plain");
            assertThat(reply.body())
                    .contains("switchboard_connections_open")
                    .contains("switchboard_messages_in_total{type=\"subscribe\"}")
                    .contains("switchboard_errors_total{code=\"bad_json\"}")
                    .contains("switchboard_closes_total{code=\"4001\"}");
            assertThat(server.metric("switchboard_connections_open")).isGreaterThanOrEqualTo(1);
            assertThat(server.metric("switchboard_messages_in_total{type=\"subscribe\"}")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void an_unknown_path_answers_404_with_a_json_error_body() {
        HttpReply reply = server.http().get("/no/such/thing");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.errorCode()).isEqualTo("not_found");
        assertThat(reply.json().path("error").path("message").asText()).isNotBlank();
    }

    @Test
    void a_socket_on_an_unknown_path_is_refused_with_404() {
        ConnectOptions options = tokenInQuery(server.token("alice")).path("/ws/nowhere/else");

        assertThatThrownBy(() -> server.connect(options))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
}

package io.switchboard.tests.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * REST writes per user, through the users app's write routes: the engine limits every app's writes without the
 * app doing anything.
 */
@SwitchboardTest(settings = {"rest-write-rate=1", "rest-write-burst=3"}, apps = UsersApp.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestWriteRateLimitTest {
    private static final String METRIC = "switchboard_rate_limited_total{limit=\"rest_write_per_user\"}";

    private final TestServer server;

    RestWriteRateLimitTest(TestServer server) {
        this.server = server;
    }

    private HttpReply create(String user, String firstName) {
        return server.http().postJson("/api/users/", Map.of("first_name", firstName, "last_name", "Test"),
                Map.of("Authorization", "Bearer " + server.token(user)));
    }

    // As an admin, who may change the records it creates (only a user's own record is otherwise its to change).
    private HttpReply call(String user, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.http().uri(path)).header("Authorization", "Bearer " + server.adminToken(user))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return server.http().send(b.build());
    }

    private boolean listed(String user, String firstName) {
        HttpReply list = call(user, "GET", "/api/users/?limit=200", null);
        assertThat(list.status()).isEqualTo(200);
        for (var u : list.json().get("results")) {
            if (u.get("first_name").asText().equals(firstName)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void a_write_over_the_users_budget_gets_429_with_retry_after_and_a_json_error_and_changes_nothing() {
        double before = server.metric(METRIC);
        for (int i = 0; i < 3; i++) {
            assertThat(create("ada", "Ada" + i).status()).isEqualTo(201);
        }

        HttpReply refused = create("ada", "Refused");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.header("Content-Type")).startsWith("application/json");
        assertThat(refused.errorCode()).isEqualTo("rate_limited");
        assertThat(refused.json().at("/error/temporary").asBoolean()).isTrue();
        assertThat(refused.json().at("/error/message").asText()).contains("per second");
        assertThat(listed("ada", "Refused")).as("reads are not limited, and the refused write did nothing").isFalse();
        assertThat(server.metric(METRIC)).isEqualTo(before + 1);
    }

    @Test
    void another_user_still_writes_while_one_is_over_the_limit() {
        for (int i = 0; i < 3; i++) {
            create("bob", "Bob" + i);
        }
        assertThat(create("bob", "BobRefused").status()).isEqualTo(429);

        assertThat(create("carol", "Carol").status()).isEqualTo(201);
    }

    @Test
    void patch_and_delete_count_as_writes() {
        long id = create("dave", "Dave").json().get("id").asLong();
        assertThat(call("dave", "PATCH", "/api/users/" + id + "/", "{\"last_name\":\"One\"}").status()).isEqualTo(200);
        assertThat(call("dave", "PATCH", "/api/users/" + id + "/", "{\"last_name\":\"Two\"}").status()).isEqualTo(200);

        assertThat(call("dave", "PATCH", "/api/users/" + id + "/", "{\"last_name\":\"Three\"}").status()).isEqualTo(429);
        assertThat(call("dave", "DELETE", "/api/users/" + id + "/", null).status()).isEqualTo(429);
        assertThat(call("dave", "GET", "/api/users/" + id + "/", null).json().get("last_name").asText()).isEqualTo("Two");
    }

    @Test
    void after_the_retry_after_delay_the_user_writes_again() {
        for (int i = 0; i < 3; i++) {
            create("erin", "Erin" + i);
        }
        HttpReply refused = create("erin", "ErinRefused");
        assertThat(refused.status()).isEqualTo(429);
        Duration retryAfter = Duration.ofSeconds(Long.parseLong(refused.header("Retry-After")));

        // Admitted again by the time Retry-After said (a second of slack for a busy machine); a write refused
        // meanwhile takes nothing from the budget.
        HttpReply later = await("a write by erin admitted again").atMost(retryAfter.plusSeconds(1))
                .pollInterval(Duration.ofMillis(100)).until(() -> create("erin", "ErinLater"), r -> r.status() != 429);
        assertThat(later.status()).isEqualTo(201);
    }

    @Test
    void a_write_without_a_valid_token_is_refused_by_the_route_not_the_limit() {
        HttpReply forged = server.http().postJson("/api/users/", Map.of("first_name", "X", "last_name", "Y"),
                Map.of("Authorization", "Bearer not-a-token"));

        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.errorCode()).isEqualTo("unauthorized");
    }
}

package io.switchboard.tests.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code POST /api/publish}: a backend with the API key pushes to a channel. */
@SwitchboardTest(settings = "api-key=test-api-key-0123456789")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PublishApiTest {
    private static final String PATH = "/api/publish";
    private static final String BODY = "{\"channel\":\"public:alerts\",\"data\":{\"level\":\"high\"}}";

    private final TestServer server;

    PublishApiTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_call_without_the_api_key_is_refused_with_401() {
        HttpReply reply = server.http().post(PATH, "application/json", BODY, Map.of());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void a_call_with_a_wrong_api_key_is_refused_with_401() {
        HttpReply reply = server.http().post(PATH, "application/json", BODY, Map.of("X-Api-Key", "not-the-key-at-all"));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void the_api_key_is_also_accepted_in_the_authorization_header() {
        HttpReply reply = server.http().post(PATH, "application/json", BODY, Map.of("Authorization", "ApiKey " + server.apiKey()));

        assertThat(reply.status()).as("%s", reply).isEqualTo(202);
    }

    @Test
    void a_body_that_is_not_declared_as_json_is_refused_with_415() {
        HttpReply reply = server.http().post(PATH, "text/plain", BODY, withKey());

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.errorCode()).isEqualTo("unsupported_media_type");
    }

    @Test
    void a_body_without_content_type_is_refused_with_415() {
        HttpReply reply = server.http().post(PATH, null, BODY, withKey());

        assertThat(reply.status()).isEqualTo(415);
    }

    @Test
    void a_body_that_is_not_json_is_refused_with_400() {
        HttpReply reply = server.http().post(PATH, "application/json", "{\"channel\":", withKey());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("bad_json");
    }

    @Test
    void a_body_without_channel_is_refused_with_400_naming_the_field() {
        HttpReply reply = server.http().post(PATH, "application/json", "{\"data\":1}", withKey());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("missing_field");
        assertThat(reply.errorField()).isEqualTo("channel");
    }

    @Test
    void a_bad_channel_name_is_refused_with_400_naming_the_field() {
        HttpReply reply = server.http().post(PATH, "application/json", "{\"channel\":\"no spaces\",\"data\":1}", withKey());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("invalid_field");
        assertThat(reply.errorField()).isEqualTo("channel");
    }

    @Test
    void a_body_without_data_is_refused_with_400() {
        HttpReply reply = server.http().post(PATH, "application/json", "{\"channel\":\"public:alerts\"}", withKey());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo("data");
    }

    @Test
    void a_valid_call_is_accepted_with_202_and_subscribers_receive_the_message() {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            alice.subscribe("public:alerts");
            bob.subscribe("public:alerts");

            HttpReply reply = server.http().post(PATH, "application/json", BODY, withKey());

            assertThat(reply.status()).as("%s", reply).isEqualTo(202);
            assertThat(reply.json().path("channel").asText()).isEqualTo("public:alerts");
            for (TestClient client : new TestClient[] {alice, bob}) {
                var message = client.awaitMessage("public:alerts");
                assertThat(message.path("data").path("level").asText()).isEqualTo("high");
            }
        }
    }

    @Test
    void a_publish_to_a_channel_without_subscribers_is_still_accepted() {
        assertThat(server.http().publish("public:empty", Map.of("n", 1)).status()).isEqualTo(202);
    }

    private Map<String, String> withKey() {
        return Map.of("X-Api-Key", server.apiKey());
    }
}

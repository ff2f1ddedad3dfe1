package io.switchboard.tests.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/examples/hooks_backend.py, the Python example backend (standard library only), run as written and driven
 * through the server: a chat whose users connect with their browser's cookie, rooms the backend guards, messages it
 * rewrites, and its RPC methods.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PythonHooksBackendTest {
    /** Maven runs a module's tests in the module's directory; docs/ sits beside it. */
    static final Path SCRIPT = Path.of("..", "docs", "examples", "hooks_backend.py");
    static Process python;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        python = new ProcessBuilder("python3", SCRIPT.toString(), "--port", "0", "--quiet")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
        String first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(30, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(String.valueOf(first));
        assertThat(m.find()).as("first line of the backend: %s", first).isTrue();
        String base = m.group(1);
        server = TestServer.start(Map.of(
                "hook-connect-url", base + "/connect", "hook-headers", "Cookie",
                "hook-subscribe-url", base + "/subscribe", "namespace.public.subscribe-hook", "true",
                "hook-publish-url", base + "/publish", "namespace.public.publish-hook", "true",
                "hook-rpc-url", base + "/rpc"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        if (python != null) {
            python.destroy();
            python.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static TestClient signedIn(String cookie) {
        return server.connect(ConnectOptions.withoutToken().header("Cookie", "session=" + cookie));
    }

    @Test
    void a_browser_with_its_session_cookie_connects_as_its_user_with_its_name() {
        try (TestClient ann = signedIn("ann-cookie")) {
            JsonNode established = ann.awaitEstablished();

            assertThat(established.at("/data/user_id").asText()).isEqualTo("ann");
            assertThat(established.at("/data/info/name").asText()).isEqualTo("Ann");
        }
    }

    @Test
    void a_browser_that_is_not_signed_in_is_closed_with_4003_and_the_backends_reason() {
        TestClient stranger = signedIn("stolen");

        assertThat(stranger.awaitClose().code()).isEqualTo(4003);
        assertThat(stranger.awaitClose().reason()).isEqualTo("not_signed_in: sign in first");
    }

    @Test
    void rooms_are_guarded_and_messages_are_rewritten_for_everyone_in_the_room() {
        try (TestClient ann = signedIn("ann-cookie"); TestClient bob = signedIn("bob-cookie")) {
            ann.awaitEstablished();
            bob.awaitEstablished();
            assertThat(ann.request("subscribe", Map.of("channel", "public:staff")).assertAck().data().at("/data/rule").asText())
                    .isEqualTo("staff");
            Reply refused = bob.request("subscribe", Map.of("channel", "public:staff"));
            assertThat(refused.errorCode()).as("reply %s", refused).isEqualTo("403");
            assertThat(refused.errorMessage()).isEqualTo("room staff is for staff");
            ann.subscribe("public:lobby");

            bob.request("publish", Map.of("channel", "public:lobby", "data", Map.of("text", "  darn, hello  "))).assertAck();

            JsonNode message = ann.awaitMessage("public:lobby");
            assertThat(message.path("data").path("text").asText()).isEqualTo("****, hello");
            assertThat(message.path("data").path("user").asText()).isEqualTo("bob");
            assertThat(message.path("data").path("name").asText()).isEqualTo("Bob");
            Reply empty = bob.request("publish", Map.of("channel", "public:lobby", "data", Map.of("text", " ")));
            assertThat(empty.errorCode()).isEqualTo("empty_message");
            ann.assertNoPush(Duration.ofMillis(200));
        }
    }

    @Test
    void the_backends_rpc_methods_answer_through_the_socket() {
        try (TestClient bob = signedIn("bob-cookie")) {
            bob.awaitEstablished();

            assertThat(bob.request("rpc", Map.of("method", "whoami")).assertAck().data().at("/data/name").asText())
                    .isEqualTo("Bob");
            assertThat(bob.request("rpc", Map.of("method", "rooms")).assertAck().data().path("data").toString())
                    .isEqualTo("[\"lobby\"]");
            assertThat(bob.request("rpc", Map.of("method", "launch")).errorCode()).isEqualTo("unknown_method");
        }
    }
}

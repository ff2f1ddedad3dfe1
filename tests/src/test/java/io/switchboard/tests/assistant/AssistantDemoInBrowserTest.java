package io.switchboard.tests.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.Switchboard;
import io.switchboard.server.apps.assistant.AssistantApp;
import io.switchboard.server.config.SettingValues;
import io.switchboard.tests.browser.BrowserScenario;
import io.switchboard.testtags.NeedsBrowser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assistant demo (/demo/assistant/, built on the browser client served at /client/) in headless Chromium:
 * a streamed reply, a regeneration, and replies produced while the server restarts and the page is offline,
 * which appear after the reconnect once each and in order.
 */
@Timeout(300)
@NeedsBrowser
class AssistantDemoInBrowserTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void replies_stream_in_and_those_made_while_the_page_was_away_appear_once_each_in_order() throws Exception {
        Switchboard first = start(settings(0));
        int port = first.port();
        SettingValues settings = settings(port); // the restart comes back where the page knew the node
        String user = UUID.randomUUID().toString();
        AtomicReference<Switchboard> node = new AtomicReference<>(first);
        try {
            BrowserScenario.run("assistant-demo.mjs",
                    Map.of("SWITCHBOARD_URL", "http://127.0.0.1:" + port, "USER_ID", user, "EXPECT_CHUNKS", "1"),
                    request -> {
                        if (request.equals("CUT")) {
                            node.get().shutdown();
                            return "OK";
                        }
                        if (request.startsWith("RESTORE ")) {
                            node.set(start(settings));
                            int produced = askWhileAway(node.get(), user, request.substring(8).trim(), 3);
                            return "OK " + produced;
                        }
                        return "ERR unknown request " + request;
                    });
            assertThat(BrowserScenario.SCREENSHOTS.resolve("assistant-reply.png")).exists();
            assertThat(BrowserScenario.SCREENSHOTS.resolve("assistant-after-reconnect.png")).exists();
        } finally {
            node.get().shutdown();
        }
    }

    private SettingValues settings(int port) {
        return SettingValues.of(Map.of("host", "127.0.0.1", "port", String.valueOf(port),
                "data-dir", dataDir.toString(), "shutdown-grace", "1s"));
    }

    private static Switchboard start(SettingValues settings) {
        return Switchboard.create(settings).install(new AssistantApp()).start();
    }

    /**
     * As the user, from elsewhere (another device, a backend): sends {@code count} messages to the conversation,
     * each after the previous reply is stored, so that the replies wait in the user's events for the page.
     */
    private static int askWhileAway(Switchboard node, String user, String conversation, int count) {
        String token = node.tokens().issue(user, Duration.ofMinutes(10));
        String base = "http://127.0.0.1:" + node.port() + "/api/conversations/" + conversation + "/messages/";
        int produced = 0;
        try {
            for (int i = 1; i <= count; i++) {
                HttpResponse<String> sent = HTTP.send(HttpRequest.newBuilder(URI.create(base))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"While you were away " + i + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(sent.statusCode()).as("POST %s: %s", base, sent.body()).isEqualTo(201);
                String reply = Json.parse(sent.body()).get("reply_uuid").asText();
                awaitComplete(base, token, reply);
                produced++;
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return produced;
    }

    private static void awaitComplete(String messages, String token, String reply) {
        await("reply " + reply + " complete").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50)).until(() -> isComplete(messages, token, reply));
    }

    private static boolean isComplete(String messages, String token, String reply) throws java.io.IOException, InterruptedException {
        HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create(messages + "?limit=200"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode m : Json.parse(list.body()).get("results")) {
            if (m.get("uuid").asText().equals(reply) && m.get("status").asText().equals("complete")) {
                return true;
            }
        }
        return false;
    }
}

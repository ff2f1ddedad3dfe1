package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsProcesses;
import io.switchboard.testtags.NeedsRedis;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis restarted empty under a node whose user kept her socket open: she is online all along, as
 * {@code GET /api/users/<id>/status} says at every moment the node answers, and her followers hear no second
 * {@code online} when the node records her again.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@NeedsRedis
@NeedsProcesses
class PresenceAcrossRedisRestartTest {
    private static final Duration QUIET = Duration.ofMillis(500);

    @Test
    void a_user_whose_socket_stayed_open_stays_online_and_is_not_announced_again() throws Exception {
        try (RedisProcess redis = RedisProcess.start(Path.of("target", "cluster-logs", "presence-redis-restart.log"));
             TestServer node = TestServer.start(Map.of("redis", redis.url(), "presence-ttl", "3s"),
                     List.of(new UsersApp(), new SocialApp()))) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(node.http().get("/health/ready").status()).isEqualTo(200));
            long ada = createUser(node, "Ada");
            long grace = createUser(node, "Grace");
            expect(call(node, grace, "POST", "/api/users/" + ada + "/follow"), 200);
            try (TestClient follower = node.userClient(String.valueOf(grace));
                 TestClient adaSocket = node.userClient(String.valueOf(ada))) {
                JsonNode online = follower.awaitPush("user_status");
                assertThat(online.at("/data/status").asText()).isEqualTo("online");
                assertThat(status(node, grace, ada)).isEqualTo("online");

                redis.restart();
                List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                    HttpReply reply = call(node, grace, "GET", "/api/users/" + ada + "/status");
                    if (reply.status() == 200) {
                        answers.add(reply.json().get("status").asText());
                    }
                    // Done once Redis holds her again: the node repaired what Redis forgot.
                    assertThat(exists(redis.port(), "sb:{presence}:u:" + ada)).isTrue();
                });
                assertThat(answers).as("Ada's status while Redis came back").isNotEmpty().containsOnly("online");
                assertThat(status(node, grace, ada)).isEqualTo("online");
                follower.assertNoPush(QUIET);
                assertThat(adaSocket.isOpen()).isTrue();

                adaSocket.close();
                JsonNode offline = follower.awaitPush("user_status");
                assertThat(offline.at("/data/status").asText()).isEqualTo("offline");
            }
        }
    }

    private static long createUser(TestServer node, String name) {
        HttpReply reply = node.http().postJson("/api/users/", Map.of("first_name", name, "last_name", "Restart"),
                Map.of("Authorization", "Bearer " + node.token("admin")));
        return expect(reply, 201).get("id").asLong();
    }

    private static String status(TestServer node, long asker, long user) {
        return expect(call(node, asker, "GET", "/api/users/" + user + "/status"), 200).get("status").asText();
    }

    private static HttpReply call(TestServer node, long user, String method, String path) {
        return node.http().send(java.net.http.HttpRequest.newBuilder(node.http().uri(path))
                .header("Authorization", "Bearer " + node.token(String.valueOf(user)))
                .header("Content-Type", "application/json")
                .method(method, "POST".equals(method) ? java.net.http.HttpRequest.BodyPublishers.ofString(Json.write(Json.object()))
                        : java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private static JsonNode expect(HttpReply reply, int status) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        return reply.json();
    }

    /** Asks the Redis on {@code port} whether {@code key} exists (one inline command, RESP integer reply). */
    private static boolean exists(int port, String key) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2_000);
            OutputStream out = s.getOutputStream();
            out.write(("EXISTS " + key + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString().trim().equals(":1");
        }
    }
}

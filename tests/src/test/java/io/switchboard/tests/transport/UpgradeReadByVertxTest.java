package io.switchboard.tests.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.RawWebSocket;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The few upgrades of a path served on the node's own Netty handler that Vert.x reads instead (here a WebSocket
 * version 8 client) get the same endpoint: the same checks, close codes and session.
 */
@SwitchboardTest(apps = UsersApp.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UpgradeReadByVertxTest {
    private static final int DRAFT_VERSION = 8;
    private final TestServer server;

    UpgradeReadByVertxTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_version_8_client_opens_its_user_socket_and_is_answered() throws IOException {
        try (RawWebSocket ws = open("/ws/user/alice?token=" + token("alice"))) {
            JsonNode established = Json.parse(ws.nextFrame().text());
            assertThat(established.path("type").asText()).isEqualTo("connection_established");
            assertThat(established.at("/data/user_id").asText()).isEqualTo("alice");

            ws.write(RawWebSocket.frame(true, 0, RawWebSocket.OP_TEXT, "{\"type\":\"ping\",\"id\":7}".getBytes(StandardCharsets.UTF_8)));

            JsonNode pong = Json.parse(ws.nextFrame().text());
            assertThat(pong.path("type").asText()).isEqualTo("pong");
            assertThat(pong.path("id").asInt()).isEqualTo(7);
        }
    }

    @Test
    void a_version_8_client_with_a_token_for_another_user_is_closed_with_4003() throws IOException {
        try (RawWebSocket ws = open("/ws/user/bob?token=" + token("alice"))) {
            assertThat(ws.readUntilClose().closeCode()).isEqualTo(CloseCode.FORBIDDEN.code());
        }
    }

    @Test
    void a_version_8_client_of_a_socket_set_up_on_open_is_established() throws IOException {
        try (RawWebSocket ws = open("/ws/user-updates/?token=" + token("carol"))) {
            JsonNode established = Json.parse(ws.nextFrame().text());
            assertThat(established.path("type").asText()).isEqualTo("connection_established");
        }
    }

    private RawWebSocket open(String pathAndQuery) throws IOException {
        return RawWebSocket.openVersion(server.port(), pathAndQuery, Duration.ofSeconds(10), "", DRAFT_VERSION);
    }

    private String token(String user) {
        return URLEncoder.encode(server.token(user), StandardCharsets.UTF_8);
    }
}

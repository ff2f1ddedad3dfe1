package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testtags.NeedsRedis;
import io.switchboard.tests.support.RawWebSocket;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that sends messages as soon as the upgrade is answered, while the node is still setting its session up
 * (with Redis, waiting for its subscription there: the user's events on {@code /ws/user/<id>}, the channel of
 * {@code /ws/user-updates/}), has every one of them answered, in the order sent, after {@code connection_established}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@NeedsRedis
class MessagesBeforeEstablishedTest {
    private static final int MESSAGES = 50;

    @Test
    void pings_sent_right_after_the_upgrade_of_a_user_socket_are_all_answered_in_order_after_it_is_established()
            throws IOException {
        try (TwoNodes nodes = new TwoNodes(Map.of())) {
            for (int round = 0; round < 5; round++) {
                String user = "early-" + round;
                assertAnsweredInOrder(nodes.a.port(), "/ws/user/" + user + "?token=" + token(nodes.a.token(user)));
            }
        }
    }

    @Test
    void pings_sent_right_after_the_upgrade_of_an_app_socket_set_up_on_open_are_all_answered_in_order_after_it_is_established()
            throws IOException {
        try (TwoNodes nodes = new TwoNodes(Map.of(), () -> List.of(new UsersApp()))) {
            for (int round = 0; round < 5; round++) {
                assertAnsweredInOrder(nodes.a.port(), "/ws/user-updates/?token=" + token(nodes.a.token("early-" + round)));
            }
        }
    }

    private static void assertAnsweredInOrder(int port, String pathAndQuery) throws IOException {
        try (RawWebSocket ws = RawWebSocket.open(port, pathAndQuery, Duration.ofSeconds(10))) {
            byte[][] pings = new byte[MESSAGES][];
            for (int i = 0; i < MESSAGES; i++) {
                pings[i] = RawWebSocket.frame(true, 0, RawWebSocket.OP_TEXT,
                        ("{\"type\":\"ping\",\"id\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
            ws.write(pings);

            JsonNode first = Json.parse(ws.nextFrame().text());
            assertThat(first.path("type").asText()).as("the first message").isEqualTo("connection_established");
            List<Integer> answered = new ArrayList<>();
            while (answered.size() < MESSAGES) {
                JsonNode message = Json.parse(ws.nextFrame().text());
                if (message.path("type").asText().equals("pong")) {
                    answered.add(message.path("id").asInt());
                }
            }
            assertThat(answered).containsExactlyElementsOf(java.util.stream.IntStream.range(0, MESSAGES).boxed().toList());
        }
    }

    private static String token(String token) {
        return URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}

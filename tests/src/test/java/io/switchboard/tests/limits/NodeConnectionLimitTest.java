package io.switchboard.tests.limits;

import static io.switchboard.testkit.ConnectOptions.tokenInQuery;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.CloseCode;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@SwitchboardTest(settings = "max-connections=3")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeConnectionLimitTest {
    @Test
    void a_connection_over_the_node_limit_is_closed_with_4102(TestServer server) {
        List<TestClient> open = new ArrayList<>();
        try {
            for (String user : List.of("u1", "u2", "u3")) {
                open.add(server.client(user));
            }

            TestClient fourth = server.connect(tokenInQuery(server.token("u4")));

            assertThat(fourth.awaitClose().code()).isEqualTo(CloseCode.OVER_CAPACITY.code());
            assertThat(open).allSatisfy(c -> assertThat(c.ping().path("type").asText()).isEqualTo("pong"));
        } finally {
            open.forEach(TestClient::close);
        }
    }
}

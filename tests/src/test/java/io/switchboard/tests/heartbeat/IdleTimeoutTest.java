package io.switchboard.tests.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.CloseCode;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.RawWebSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server pings every socket; one that stays silent past the idle timeout is closed with 4200. */
@SwitchboardTest(settings = {"ping-interval=200ms", "idle-timeout=1s"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleTimeoutTest {
    @Test
    void a_client_that_never_answers_pings_is_closed_with_4200_while_one_that_answers_stays(TestServer server)
            throws Exception {
        try (TestClient answering = server.client("alice");
             RawWebSocket silent = RawWebSocket.open(server.port(),
                     "/ws?token=" + URLEncoder.encode(server.token("bob"), StandardCharsets.UTF_8), Duration.ofSeconds(20))) {

            RawWebSocket.Frame close = silent.readUntilClose();

            assertThat(close.closeCode()).isEqualTo(CloseCode.IDLE_TIMEOUT.code());
            assertThat(answering.isOpen()).isTrue();
            assertThat(answering.ping().path("type").asText()).isEqualTo("pong");
        }
    }
}

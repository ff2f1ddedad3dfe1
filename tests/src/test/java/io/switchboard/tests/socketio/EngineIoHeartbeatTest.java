package io.switchboard.tests.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server pings; a polling client that answers stays, one that went away is cleaned up. */
@SwitchboardTest(settings = {"socketio-ping-interval=200ms", "socketio-ping-timeout=300ms"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineIoHeartbeatTest {

    @Test
    void an_abandoned_polling_session_is_closed_while_one_that_answers_pings_stays(TestServer server) throws Exception {
        EngineIoPolling polling = new EngineIoPolling(server.port());
        String abandoned = polling.open().get("sid").asText();
        String alive = polling.open().get("sid").asText();
        AtomicBoolean stop = new AtomicBoolean();
        Thread client = new Thread(() -> {
            try {
                while (!stop.get()) {
                    String packets = polling.poll(alive).body();
                    if (packets.contains("2")) {
                        polling.send(alive, "3");
                    }
                }
            } catch (Exception e) {
                // the test ended
            }
        });
        client.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> polling.send(abandoned, "6").statusCode() == 400);
            assertThat(polling.send(alive, "6").body()).isEqualTo("ok");
        } finally {
            stop.set(true);
        }
    }
}

package io.switchboard.tests.recovery;

import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On one node with the memory broker, hundreds of subscribers that recover while the channel is published to
 * at a high rate each get the publications after their offset exactly once and in order (see {@link RecoveryStorm}).
 */
@SwitchboardTest(settings = {"channel-history=public=2000/60s", "outbound-queue-frames=4096",
        "rate-limit-per-second=100000", "rate-limit-burst=100000", "connect-rate-per-ip=100000",
        "connect-burst-per-ip=100000"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecoveryStormTest {

    @Test
    void hundreds_of_subscribers_recovering_during_a_fast_stream_each_get_every_publication_once_in_order(
            TestServer server) throws Exception {
        List<TestClient> sockets = RecoveryStorm.open(server, "storm", RecoveryStorm.SOCKETS);
        try (TestClient publisher = server.client("publisher"); TestClient tracker = server.client("tracker")) {
            RecoveryStorm.run("public:storm", publisher, tracker, sockets);
        } finally {
            sockets.forEach(TestClient::close);
        }
    }
}

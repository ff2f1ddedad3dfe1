package io.switchboard.tests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Json;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Without {@code channel-history} nothing changes: plain acks, frames without offsets, and no recovery. */
@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelWithoutHistoryTest {

    @Test
    void a_channel_without_history_acks_plainly_sends_no_offsets_and_cannot_recover(TestServer server) {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            Reply plain = alice.request("subscribe", Json.object().put("channel", "public:plain"));
            assertThat(plain.data()).isNull();
            bob.publish("public:plain", Map.of("n", 1));
            assertThat(Json.write(alice.awaitMessage("public:plain")))
                    .isEqualTo("{\"type\":\"message\",\"channel\":\"public:plain\",\"data\":{\"n\":1}}");

            Reply recover = bob.request("subscribe", ChannelRecoveryTest.recover("public:plain", "e", 0));
            recover.assertAck();
            assertThat(Json.write(recover.data())).isEqualTo("{\"recovered\":false}");
        }
    }
}

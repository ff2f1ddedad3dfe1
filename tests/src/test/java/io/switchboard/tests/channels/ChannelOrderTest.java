package io.switchboard.tests.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@SwitchboardTest(settings = {"rate-limit-per-second=100000", "rate-limit-burst=100000"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelOrderTest {
    private static final int COUNT = 500;

    @Test
    void five_hundred_messages_arrive_in_the_order_they_were_published(TestServer server) {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob");
             TestClient publisher = server.client("publisher")) {
            alice.subscribe("public:ordered");
            bob.subscribe("public:ordered");

            for (int i = 0; i < COUNT; i++) {
                publisher.send("publish", Map.of("channel", "public:ordered", "data", Map.of("seq", i)));
            }

            assertThat(receivedSequence(alice)).containsExactlyElementsOf(IntStream.range(0, COUNT).boxed().toList());
            assertThat(receivedSequence(bob)).containsExactlyElementsOf(IntStream.range(0, COUNT).boxed().toList());
        }
    }

    private static List<Integer> receivedSequence(TestClient client) {
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            seen.add(client.awaitMessage("public:ordered").path("data").path("seq").asInt());
        }
        return seen;
    }
}

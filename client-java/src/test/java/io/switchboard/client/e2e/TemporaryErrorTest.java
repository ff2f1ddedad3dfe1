package io.switchboard.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.buffer.MemoryMessageBuffer;
import io.switchboard.client.telemetry.Location;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A temporary refusal ({@code rate_limited}, even the 4101 close that follows it) keeps the message and retries it. */
@Timeout(60)
class TemporaryErrorTest {
    @TempDir
    Path dir;

    @Test
    void messages_over_the_servers_rate_limit_are_kept_retried_after_a_pause_and_all_stored_once() {
        try (IngestNode node = new IngestNode(dir, Map.of("rate-limit-per-second", "10", "rate-limit-burst", "5")).start(true)) {
            IngestNode.Enrolled child = node.enrol("rl-parent", "Sam");
            Recorder r = new Recorder();
            try (SwitchboardClient client = SwitchboardClient.builder(node.url()).childHash(child.hash())
                    .buffer(new MemoryMessageBuffer())
                    .backoff(Duration.ofMillis(200), Duration.ofSeconds(1), 2.0, 0.2)
                    .onDelivery(r).onFatal(r::fatal)
                    .build()) {
                Instant t = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
                for (int i = 0; i < 30; i++) {
                    client.sendLocation(Location.of(t.plusSeconds(i), 1, 1));
                }
                client.start();

                assertThat(client.awaitDrained(Duration.ofSeconds(40))).isTrue();
                assertThat(r.acked).hasSize(30);
                assertThat(r.rejected).isEmpty();
                assertThat(r.fatals).isEmpty();
                System.out.println(client.stats());
                assertThat(client.stats().resent()).as("refused messages were sent again").isPositive();
            }
            assertThat(Rows.locations(node, child.id())).isEqualTo(30);
        }
    }
}

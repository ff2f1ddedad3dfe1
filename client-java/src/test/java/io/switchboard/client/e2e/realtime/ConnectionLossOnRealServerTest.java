package io.switchboard.client.e2e.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.Backoff;
import io.switchboard.client.realtime.DisconnectedException;
import io.switchboard.client.realtime.RealtimeState;
import io.switchboard.client.realtime.SwitchboardChannels;
import io.switchboard.testkit.TcpProxy;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection that dies silently (a phone in a tunnel) is noticed by the client's ping and reopened; a publish that
 * was on the dead socket fails with {@link DisconnectedException} and is not sent again by the client (it could be a
 * duplicate), and one made while reconnecting goes out, once, when the session is back.
 */
@Timeout(60)
class ConnectionLossOnRealServerTest {
    @Test
    void a_silent_socket_is_replaced_and_publishes_are_never_sent_twice() {
        Seen subscriber = new Seen();
        Seen publisher = new Seen();
        try (TestServer server = TestServer.start(Map.of());
             TcpProxy proxy = TcpProxy.to(server.port());
             SwitchboardChannels alice = SwitchboardChannels.builder("http://127.0.0.1:" + server.port())
                     .tokenSupplier(() -> server.token("alice")).build();
             SwitchboardChannels bob = SwitchboardChannels.builder(proxy.url()).tokenSupplier(() -> server.token("bob"))
                     .listener(publisher).pingInterval(Duration.ofMillis(300)).pongTimeout(Duration.ofMillis(700))
                     .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.5)).build()) {
            alice.connect();
            alice.subscribe("public:loss", subscriber).join();
            bob.connect();
            await().atMost(Duration.ofSeconds(10)).until(() -> bob.state() == RealtimeState.CONNECTED);

            proxy.freeze(); // bob's socket now goes nowhere, without a close
            CompletableFuture<Void> lost = bob.publish("public:loss", Map.of("n", 1));
            // The dead socket's end fails the publish on it; polling the state could miss a reconnect quicker than a poll.
            await().atMost(Duration.ofSeconds(10)).until(lost::isDone);
            CompletableFuture<Void> queued = bob.publish("public:loss", Map.of("n", 2));

            assertThatThrownBy(lost::join).cause().isInstanceOf(DisconnectedException.class);
            queued.join();
            bob.publish("public:loss", Map.of("n", 3)).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.publications.size() >= 2);

            assertThat(subscriber.numbers()).containsExactly(2, 3);
            assertThat(publisher.sessions).as("the silent socket was replaced").hasSize(2);
        }
    }
}

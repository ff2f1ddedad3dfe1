package io.switchboard.client.e2e.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.realtime.RealtimeListener;
import io.switchboard.client.realtime.RealtimeState;
import io.switchboard.client.realtime.Registration;
import io.switchboard.client.realtime.RequestFailedException;
import io.switchboard.client.realtime.Subscription;
import io.switchboard.client.realtime.SwitchboardChannels;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Subscribe, publish and refusals through {@link SwitchboardChannels}, against a real node. */
@Timeout(60)
class ChannelsOnRealServerTest {
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("channel-history", "public=100/10m"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SwitchboardChannels client(String user, Seen seen) {
        return SwitchboardChannels.builder("http://127.0.0.1:" + server.port())
                .tokenSupplier(() -> server.token(user)).listener(seen).build();
    }

    @Test
    void a_subscriber_receives_what_another_client_publishes_in_order_and_each_publish_is_acked() {
        Seen alice = new Seen();
        Seen bob = new Seen();
        try (SwitchboardChannels a = client("alice", alice); SwitchboardChannels b = client("bob", bob)) {
            a.connect();
            b.connect();
            Subscription sub = a.subscribe("public:lobby", alice).join();
            assertThat(sub.isActive()).isTrue();
            assertThat(sub.position()).as("a channel with history gives its position").isNotNull();

            for (int n = 1; n <= 20; n++) {
                b.publish("public:lobby", Map.of("n", n)).join();
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> alice.publications.size() == 20);
            assertThat(alice.numbers()).isEqualTo(IntStream.rangeClosed(1, 20).boxed().collect(Collectors.toList()));
            assertThat(alice.publications.get(0).channel()).isEqualTo("public:lobby");
            assertThat(alice.publications.get(0).type()).isEqualTo("message");
            assertThat(sub.position().offset()).isEqualTo(alice.publications.get(19).position().offset());
        }
    }

    @Test
    void a_channel_without_history_delivers_without_positions() {
        Seen alice = new Seen();
        try (SwitchboardChannels a = client("alice", alice)) {
            a.connect();
            Subscription sub = a.subscribe("user:alice", alice).join();
            a.publish("user:alice", Map.of("n", 1)).join();

            await().atMost(Duration.ofSeconds(10)).until(() -> alice.publications.size() == 1);
            assertThat(alice.publications.get(0).position()).isNull();
            assertThat(sub.position()).isNull();
        }
    }

    @Test
    void a_refused_subscribe_and_publish_fail_with_the_servers_code_and_the_connection_lives_on() {
        Seen alice = new Seen();
        try (SwitchboardChannels a = client("alice", alice)) {
            a.connect();
            assertThatThrownBy(() -> a.subscribe("user:bob", alice).join())
                    .isInstanceOf(CompletionException.class).cause().isInstanceOf(RequestFailedException.class)
                    .satisfies(e -> assertThat(((RequestFailedException) e).error().code()).isEqualTo("forbidden"));
            assertThatThrownBy(() -> a.publish("nobody:x", Map.of("n", 1)).join())
                    .cause().isInstanceOf(RequestFailedException.class)
                    .satisfies(e -> assertThat(((RequestFailedException) e).error().field()).isEqualTo("data.channel"));

            a.subscribe("public:still", alice).join();
            a.publish("public:still", Map.of("n", 7)).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.numbers().equals(List.of(7)));
            assertThat(alice.sessions).as("one session throughout").hasSize(1);
            assertThat(a.state()).isEqualTo(RealtimeState.CONNECTED);
        }
    }

    @Test
    void after_unsubscribe_nothing_more_arrives_for_that_channel() {
        Seen alice = new Seen();
        try (SwitchboardChannels a = client("alice", alice)) {
            a.connect();
            Subscription sub = a.subscribe("public:gone", alice).join();
            a.publish("public:gone", Map.of("n", 1)).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.publications.size() == 1);

            sub.unsubscribe().join();
            a.publish("public:gone", Map.of("n", 2)).join();
            a.subscribe("public:marker", alice).join();
            a.publish("public:marker", Map.of("n", 3)).join();

            await().atMost(Duration.ofSeconds(10)).until(() -> alice.publications.size() == 2);
            assertThat(alice.numbers()).containsExactly(1, 3);
        }
    }

    @Test
    void handlers_by_type_see_every_frame_and_one_that_throws_does_not_stop_the_others() {
        Seen alice = new Seen();
        List<String> errors = new CopyOnWriteArrayList<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (SwitchboardChannels a = SwitchboardChannels.builder("http://127.0.0.1:" + server.port())
                .tokenSupplier(() -> server.token("alice")).listener(new RealtimeListener() {
                    @Override
                    public void onHandlerError(Throwable error, JsonNode frame) {
                        errors.add(error.getMessage());
                    }
                }).build()) {
            Registration throwing = a.on("message", (type, frame) -> {
                throw new IllegalStateException("boom");
            });
            Registration counting = a.on("message", (type, frame) -> seen.add(frame.path("channel").asText()));
            a.connect();
            a.subscribe("public:one", alice).join();
            a.subscribe("public:two", p -> { }).join();
            a.publish("public:one", Map.of("n", 1)).join();
            a.publish("public:two", Map.of("n", 2)).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
            assertThat(seen).containsExactly("public:one", "public:two");
            assertThat(errors).containsExactly("boom", "boom");
            assertThat(alice.numbers()).containsExactly(1);

            throwing.remove();
            counting.remove();
            a.publish("public:one", Map.of("n", 3)).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.publications.size() == 2);
            assertThat(seen).hasSize(2);
            assertThat(errors).hasSize(2);
        }
    }

    @Test
    void requests_made_before_the_connection_is_up_wait_for_it() {
        Seen alice = new Seen();
        try (SwitchboardChannels a = client("alice", alice)) {
            var subscribed = a.subscribe("public:early", alice);
            var published = a.publish("public:early", Map.of("n", 1));
            a.connect();

            subscribed.join();
            published.join();
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.numbers().equals(List.of(1)));
        }
    }
}

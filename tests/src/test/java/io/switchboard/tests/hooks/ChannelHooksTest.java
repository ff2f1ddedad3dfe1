package io.switchboard.tests.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.hooks.TestBackend.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The subscribe and publish hooks of the namespaces that have them: the backend allows, refuses with its own code, or
 * changes the data (the payload published, data for the subscriber).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelHooksTest {
    static TestBackend backend;
    static TestServer server;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(call -> {
            String channel = call.body().path("channel").asText();
            if (call.path().equals("/subscribe")) {
                return channel.equals("public:vip")
                        ? Response.json("{\"error\":{\"code\":403,\"message\":\"members only\"}}")
                        : Response.json("{\"result\":{\"info\":{\"role\":\"guest\"},\"data\":{\"welcome\":\"to " + channel + "\"}}}");
            }
            JsonNode data = call.body().path("data");
            if (data.path("text").asText().contains("spam")) {
                return Response.json("{\"error\":{\"code\":\"spam\",\"message\":\"no spam here\"}}");
            }
            if (data.has("text")) {
                return Response.json("{\"result\":{\"data\":{\"text\":" + data.path("text") + ",\"by\":"
                        + call.body().path("user") + ",\"checked\":true}}}");
            }
            return Response.json("{\"result\":{}}");
        });
        server = TestServer.start(Map.of(
                "hook-subscribe-url", backend.url("/subscribe"), "namespace.public.subscribe-hook", "true",
                "hook-publish-url", backend.url("/publish"), "namespace.public.publish-hook", "true",
                "hook-headers", "User-Agent", "namespace.room.subscribe-hook", "true", "namespace.room.presence", "true",
                "namespace.room.client-presence", "true"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    @Test
    void an_allowed_subscription_gets_the_backends_data_in_its_ack_and_the_backend_sees_channel_and_user() {
        try (TestClient alice = server.client("alice")) {
            backend.clearCalls();
            Reply reply = alice.request("subscribe", Map.of("channel", "public:lobby")).assertAck();

            assertThat(reply.data().at("/data/welcome").asText()).isEqualTo("to public:lobby");
            TestBackend.Call call = backend.awaitCall();
            assertThat(call.path()).isEqualTo("/subscribe");
            assertThat(call.body().path("channel").asText()).isEqualTo("public:lobby");
            assertThat(call.body().path("user").asText()).isEqualTo("alice");
            assertThat(call.body().path("client").asText()).isEqualTo(alice.sessionId());
            // hook-headers: the client's User-Agent, in the body and as a header of the call.
            assertThat(call.body().at("/headers/user-agent").asText()).startsWith("Java-http-client");
            assertThat(call.headers().getFirst("User-Agent")).startsWith("Java-http-client");
        }
    }

    @Test
    void presence_lists_the_info_the_subscribe_hook_gave_on_that_channel() {
        try (TestClient alice = server.client("alice")) {
            alice.request("subscribe", Map.of("channel", "room:1")).assertAck();

            Reply presence = alice.request("presence", Map.of("channel", "room:1")).assertAck();

            JsonNode clients = presence.data().path("clients");
            assertThat(clients).hasSize(1);
            assertThat(clients.get(0).path("user_id").asText()).isEqualTo("alice");
            assertThat(clients.get(0).at("/info/role").asText()).isEqualTo("guest");
        }
    }

    @Test
    void a_refused_subscription_gets_the_backends_code_and_delivers_nothing() {
        try (TestClient alice = server.client("alice")) {
            Reply reply = alice.request("subscribe", Map.of("channel", "public:vip"));

            assertThat(reply.errorCode()).as("reply %s", reply).isEqualTo("403");
            assertThat(reply.errorMessage()).isEqualTo("members only");
            server.http().publish("public:vip", "secret");
            alice.assertNoPush(Duration.ofMillis(200));
            assertThat(alice.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void the_publish_hook_replaces_the_payload_every_subscriber_receives() {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            bob.subscribe("public:chat");

            alice.request("publish", Map.of("channel", "public:chat", "data", Map.of("text", "hello"))).assertAck();

            JsonNode message = bob.awaitMessage("public:chat");
            assertThat(message.at("/data/text").asText()).isEqualTo("hello");
            assertThat(message.at("/data/by").asText()).isEqualTo("alice");
            assertThat(message.at("/data/checked").asBoolean()).isTrue();
        }
    }

    @Test
    void a_publication_the_backend_refuses_gets_its_code_and_reaches_nobody() {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            bob.subscribe("public:chat");

            Reply reply = alice.request("publish", Map.of("channel", "public:chat", "data", Map.of("text", "buy spam")));

            assertThat(reply.errorCode()).as("reply %s", reply).isEqualTo("spam");
            assertThat(reply.errorMessage()).isEqualTo("no spam here");
            bob.assertNoPush(Duration.ofMillis(200));
        }
    }

    @Test
    void a_result_without_data_publishes_the_clients_payload_as_sent() {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            bob.subscribe("public:chat");

            alice.request("publish", Map.of("channel", "public:chat", "data", Map.of("emoji", "wave"))).assertAck();

            assertThat(bob.awaitMessage("public:chat").at("/data/emoji").asText()).isEqualTo("wave");
        }
    }

    @Test
    void channels_of_a_namespace_without_hooks_are_not_asked_about() {
        try (TestClient alice = server.client("alice")) {
            backend.clearCalls();
            alice.subscribe("user:alice");
            alice.request("publish", Map.of("channel", "user:alice", "data", "note")).assertAck();
            assertThat(alice.awaitMessage("user:alice").path("data").asText()).isEqualTo("note");

            // A hook is asked before the ack: had it been, the backend would have the call by now.
            assertThat(backend.received()).isEmpty();
        }
    }
}

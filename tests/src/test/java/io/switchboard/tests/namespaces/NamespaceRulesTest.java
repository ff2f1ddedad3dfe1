package io.switchboard.tests.namespaces;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule a namespace of the configuration can have, as alice meets it over the socket (and a backend over
 * {@code POST /api/publish}): allowed, or refused with {@code forbidden}, the field at fault and a message naming the
 * rule; the connection lives on after each refusal.
 */
@SwitchboardTest(settings = {
        "namespace.open.subscribe=anyone",
        "namespace.room.subscribe=authenticated",
        "namespace.own.subscribe=owner",
        "namespace.granted.subscribe=token",
        "namespace.closed.subscribe=none",
        "namespace.news.publish=backend"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NamespaceRulesTest {
    private final TestServer server;

    NamespaceRulesTest(TestServer server) {
        this.server = server;
    }

    /** One row: alice does {@code action} on {@code channel}; null {@code code} means allowed. */
    record Rule(String action, String channel, String code, String field, String message) {
        static Rule allowed(String action, String channel) {
            return new Rule(action, channel, null, null, null);
        }

        static Rule refused(String action, String channel, String field, String message) {
            return new Rule(action, channel, "forbidden", field, message);
        }

        @Override
        public String toString() {
            return action + " " + channel + (code == null ? " is allowed" : " is refused naming " + message);
        }
    }

    static Stream<Rule> rules() {
        return Stream.of(
                Rule.allowed("subscribe", "open:lobby"),
                Rule.allowed("publish", "open:lobby"),
                Rule.allowed("subscribe", "room:42"),
                Rule.allowed("publish", "room:42"),
                Rule.allowed("subscribe", "own:alice"),
                Rule.allowed("subscribe", "own:alice:inbox"),
                Rule.allowed("publish", "own:alice"),
                Rule.refused("subscribe", "own:bob", "data.channel", "subscribe=owner"),
                Rule.refused("publish", "own:bob:inbox", "data.channel", "subscribe=owner"),
                Rule.refused("subscribe", "granted:1", "data.token", "subscribe=token"),
                Rule.refused("publish", "granted:1", "data.token", "subscribe=token"),
                Rule.refused("subscribe", "closed:1", "data.channel", "subscribe=none"),
                Rule.refused("publish", "closed:1", "data.channel", "subscribe=none"),
                Rule.allowed("subscribe", "news:today"),
                Rule.refused("publish", "news:today", "data.channel", "publish=backend"),
                Rule.refused("subscribe", "nowhere:1", "data.channel", "no namespace 'nowhere' is configured"),
                Rule.refused("publish", "nowhere:1", "data.channel", "no namespace 'nowhere' is configured"),
                Rule.allowed("subscribe", "public:lobby"),
                Rule.allowed("publish", "public:lobby"),
                Rule.allowed("subscribe", "user:alice"),
                Rule.refused("subscribe", "user:bob", "data.channel", "subscribe=owner"),
                Rule.refused("publish", "user:bob", "data.channel", "subscribe=owner"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void each_rule_allows_or_refuses_with_the_field_and_a_message_naming_it(Rule rule) {
        try (TestClient alice = server.client("alice")) {
            Map<String, Object> data = rule.action().equals("publish")
                    ? Map.of("channel", rule.channel(), "data", Map.of("text", "hi")) : Map.of("channel", rule.channel());

            Reply reply = alice.request(rule.action(), data);

            if (rule.code() == null) {
                assertThat(reply.isAck()).as("reply %s", reply).isTrue();
            } else {
                assertThat(reply.errorCode()).as("reply %s", reply).isEqualTo(rule.code());
                assertThat(reply.errorField()).isEqualTo(rule.field());
                assertThat(reply.errorMessage()).contains(rule.message());
                assertThat(reply.errorTemporary()).isFalse();
            }
            assertThat(alice.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void the_backend_publishes_to_a_backend_only_namespace_and_its_subscribers_receive_it() {
        try (TestClient alice = server.client("alice")) {
            alice.subscribe("news:today");

            assertThat(server.http().publish("news:today", Map.of("headline", "up")).status()).isEqualTo(202);

            assertThat(alice.awaitMessage("news:today").at("/data/headline").asText()).isEqualTo("up");
        }
    }

    @Test
    void the_backend_may_publish_where_no_client_may_but_not_to_a_channel_in_no_namespace() {
        assertThat(server.http().publish("closed:1", "x").status()).isEqualTo(202);
        assertThat(server.http().publish("granted:1", "x").status()).isEqualTo(202);

        HttpReply nowhere = server.http().publish("nowhere:1", "x");

        assertThat(nowhere.status()).isEqualTo(403);
        assertThat(nowhere.errorCode()).isEqualTo("forbidden");
        assertThat(nowhere.errorField()).isEqualTo("channel");
        assertThat(nowhere.json().at("/error/message").asText()).contains("no namespace 'nowhere' is configured");
    }

    @Test
    void a_publication_a_client_may_make_reaches_the_other_subscribers() {
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            bob.subscribe("room:7");

            alice.publish("room:7", Map.of("text", "hello"));

            assertThat(bob.awaitMessage("room:7").at("/data/text").asText()).isEqualTo("hello");
        }
    }
}

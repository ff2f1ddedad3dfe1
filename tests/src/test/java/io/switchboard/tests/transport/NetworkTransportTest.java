package io.switchboard.tests.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.transport.NetworkTransport;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node runs on the native transport where Netty's library loads (epoll on Linux x86-64, which the server ships),
 * on NIO when told to, and reports the one its event loops actually use, in {@code /metrics}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetworkTransportTest {
    private static boolean linuxX64() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    private static double reported(TestServer server, String name) {
        return server.metric("switchboard_network_transport{transport=\"" + name + "\"}");
    }

    @Test
    void the_node_reports_the_transport_its_event_loops_run_on() {
        try (TestServer server = TestServer.start(Map.of())) {
            NetworkTransport transport = server.switchboard().transport();
            boolean nativeEnabled = server.switchboard().vertx().isNativeTransportEnabled();

            assertThat(transport.name().equals(NetworkTransport.NIO)).isEqualTo(!nativeEnabled);
            if (linuxX64()) {
                assertThat(transport.name()).as("the epoll library shipped with the server loads").isEqualTo("epoll");
            }
            assertThat(reported(server, transport.name())).isEqualTo(1.0);
            try (TestClient client = server.client("alice")) {
                assertThat(client.userId()).isEqualTo("alice");
            }
        }
    }

    @Test
    void network_transport_nio_forces_nio_and_says_so() {
        try (TestServer server = TestServer.start(Map.of("network-transport", "nio"))) {
            assertThat(server.switchboard().vertx().isNativeTransportEnabled()).isFalse();
            assertThat(server.switchboard().transport().name()).isEqualTo("nio");
            assertThat(server.switchboard().transport().reason()).isEqualTo("network-transport=nio");
            assertThat(reported(server, "nio")).isEqualTo(1.0);
            assertThat(reported(server, "epoll")).isZero();
            try (TestClient client = server.client("bob")) {
                assertThat(client.userId()).isEqualTo("bob");
            }
        }
    }

    @Test
    void network_transport_io_uring_runs_the_whole_delivery_path_on_io_uring_where_the_kernel_allows_it() {
        try (TestServer server = TestServer.start(Map.of("network-transport", "io_uring"))) {
            NetworkTransport transport = server.switchboard().transport();
            if (io.vertx.core.transport.Transport.IO_URING.available()) {
                assertThat(transport.name()).isEqualTo("io_uring");
                assertThat(server.switchboard().vertx().isNativeTransportEnabled()).isTrue();
            } else {
                assertThat(transport.name()).isEqualTo("nio");
                assertThat(transport.reason()).startsWith("io_uring unavailable: ");
            }
            assertThat(reported(server, transport.name())).isEqualTo(1.0);
            // The upgrade, the socket's own Netty handler and the batched fan-out run on the io_uring channels.
            try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
                alice.subscribe("public:uring");
                bob.subscribe("public:uring");
                for (int i = 0; i < 50; i++) {
                    assertThat(server.http().publish("public:uring", Map.of("n", i)).status()).isEqualTo(202);
                }
                for (int i = 0; i < 50; i++) {
                    assertThat(alice.awaitMessage("public:uring").path("data").path("n").asInt()).isEqualTo(i);
                    assertThat(bob.awaitMessage("public:uring").path("data").path("n").asInt()).isEqualTo(i);
                }
                assertThat(alice.ping().path("type").asText()).isEqualTo("pong");
            }
        }
    }

    @Test
    void an_unknown_transport_is_refused() {
        assertThatThrownBy(() -> TestServer.start(Map.of("network-transport", "epol")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("invalid setting 'network-transport': must be native, io_uring or nio");
    }
}

package io.switchboard.tests.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Security;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** With {@code tls-cert} and {@code tls-key} the node's one port speaks HTTPS and WSS, and nothing older than TLS 1.2. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static SSLContext trusting;

    @BeforeAll
    static void start() throws Exception {
        allowOldTlsInThisJvm();
        SelfSignedCertificate pair = SelfSignedCertificate.generate(dir, "node");
        trusting = pair.trustingIt();
        server = TestServer.start(Map.of("tls-cert", pair.cert().toString(), "tls-key", pair.key().toString()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * The JDK itself refuses TLS 1.0 and 1.1 by default, on both ends. Lifting that for this JVM leaves the node's
     * own protocol setting as the only thing between a TLS 1.1 client and a session, which is what is tested. The
     * JDK reads the property once, at its first TLS use: if another test class used TLS first, the JDK's refusal
     * stays, and the test still checks what a client sees. Nothing else in this module depends on the property.
     */
    private static void allowOldTlsInThisJvm() {
        String disabled = Security.getProperty("jdk.tls.disabledAlgorithms");
        if (disabled != null) {
            Security.setProperty("jdk.tls.disabledAlgorithms", Arrays.stream(disabled.split(",")).map(String::trim)
                    .filter(a -> !a.equals("TLSv1") && !a.equals("TLSv1.1")).collect(Collectors.joining(", ")));
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void https_serves_the_health_check() throws Exception {
        HttpResponse<String> live = client().send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/health/live"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(Json.parse(live.body()).path("status").asText()).isEqualTo("up");
    }

    @Test
    void a_wss_client_gets_connection_established() throws Exception {
        BlockingQueue<String> frames = new ArrayBlockingQueue<>(16);
        WebSocket socket = client().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("wss://127.0.0.1:" + server.port() + "/ws?token=" + server.token("tina")), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        frames.add(data.toString());
                        ws.request(1);
                        return null;
                    }
                }).get(15, TimeUnit.SECONDS);
        try {
            String first = frames.poll(10, TimeUnit.SECONDS);
            assertThat(first).as("first frame").isNotNull();
            JsonNode established = Json.parse(first);
            assertThat(established.path("type").asText()).isEqualTo("connection_established");
            assertThat(established.at("/data/user_id").asText()).isEqualTo("tina");
        } finally {
            socket.abort();
        }
    }

    @Test
    void plain_http_on_the_tls_port_is_not_served() throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write(("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(plain.getInputStream());

            assertThat(answer).doesNotStartWith("HTTP/1.1 2").doesNotContain("\"up\"");
        }
    }

    @Test
    void tls_1_2_and_1_3_are_both_spoken() throws Exception {
        for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
            try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", server.port())) {
                socket.setEnabledProtocols(new String[] {protocol});
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
            }
        }
    }

    @Test
    void a_tls_1_1_hello_is_refused_while_the_same_hello_at_1_2_is_answered() throws Exception {
        assertThat(ClientHello.firstRecordType(server.port(), ClientHello.TLS_1_2))
                .as("the hand-written hello is well formed").isEqualTo(ClientHello.HANDSHAKE);

        assertThat(ClientHello.firstRecordType(server.port(), ClientHello.TLS_1_1)).isIn(ClientHello.ALERT, -1);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // a reset after garbage: nothing was served, which is what is checked
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}

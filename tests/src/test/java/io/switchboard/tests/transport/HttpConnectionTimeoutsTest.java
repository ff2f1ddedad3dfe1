package io.switchboard.tests.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Half-open HTTP connections are closed by the server: one that sends nothing, a partial head, a partial body, and a
 * kept-alive connection left idle. Here with 500 ms to send a request and 1 s of idleness; a client that behaves
 * is answered, and a WebSocket is not an idle HTTP connection.
 */
@SwitchboardTest(settings = {"http-request-timeout=500ms", "http-idle-timeout=1s"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpConnectionTimeoutsTest {
    /** Far longer than either timeout: a read that waits this long means the server kept the connection. */
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final TestServer server;

    HttpConnectionTimeoutsTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_connection_that_sends_nothing_is_closed_and_counted() throws IOException {
        try (Socket socket = connect()) {
            assertThat(readToEnd(socket)).isEmpty();
        }
        assertThat(server.metric("switchboard_http_connections_closed_total{reason=\"idle_timeout\"}")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void a_request_head_that_never_ends_is_closed_without_an_answer() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");

            assertThat(readToEnd(socket)).isEmpty();
        }
        assertThat(server.metric("switchboard_http_connections_closed_total{reason=\"request_timeout\"}")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void a_request_head_sent_a_byte_at_a_time_is_closed_at_its_deadline_though_bytes_keep_coming() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET /health/live HTTP/1.1\r\nHost: localhost\r\n");
            // A header line that grows a byte whenever the previous one was taken: never idle, never done.
            assertThat(dripUntilClosed(socket)).isTrue();
        }
    }

    @Test
    void a_body_shorter_than_its_content_length_is_closed() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST /api/publish HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"channel\":");

            assertThat(readToEnd(socket)).doesNotContain("HTTP/1.1 2");
        }
    }

    @Test
    void a_kept_alive_connection_is_answered_and_then_closed_when_idle() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");

            String all = readToEnd(socket);

            assertThat(all).startsWith("HTTP/1.1 200").contains("\"up\"");
        }
    }

    @Test
    void a_websocket_is_not_closed_by_the_http_timeouts() throws IOException {
        try (RawWebSocket socket = RawWebSocket.open(server.port(),
                "/ws?token=" + URLEncoder.encode(server.token("alice"), StandardCharsets.UTF_8), PATIENCE);
             Socket idleHttp = connect()) {
            socket.nextFrame();
            // The idle HTTP connection opened after the socket is the clock: once it is closed, the socket has been
            // silent for longer than the idle timeout too.
            assertThat(readToEnd(idleHttp)).isEmpty();
            socket.sendFrame(RawWebSocket.OP_TEXT, "{\"type\":\"ping\",\"id\":\"late\"}".getBytes(StandardCharsets.UTF_8), true);

            assertThat(socket.nextFrame().text()).contains("pong").contains("late");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
        socket.setSoTimeout((int) PATIENCE.toMillis());
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Everything the server sends until it closes the connection; fails (read timeout) if it does not. */
    private static String readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                all.write(buf, 0, n);
            }
        } catch (SocketException reset) {
            // A reset is a close too.
        }
        return all.toString(StandardCharsets.US_ASCII);
    }

    /** Sends a byte every 100 ms until a write or read finds the connection closed; false if that took PATIENCE. */
    private static boolean dripUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout(100);
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < end) {
            try {
                send(socket, "a");
                if (socket.getInputStream().read() < 0) {
                    return true;
                }
            } catch (java.net.SocketTimeoutException stillOpen) {
                continue;
            } catch (SocketException closed) {
                return true;
            }
        }
        return false;
    }
}

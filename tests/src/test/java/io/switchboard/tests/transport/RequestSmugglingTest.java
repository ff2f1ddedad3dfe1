package io.switchboard.tests.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A request whose body length two parsers could read differently is refused with 400 and its connection closed, so
 * a request hidden after it (where a proxy that trusted the other header would have put it) is never served.
 */
@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestSmugglingTest {
    /** A status line; a response follows the body before it without a line break. */
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");
    /** What a front proxy reading Content-Length passes on as one request, and a chunked reader sees as two. */
    private static final String SMUGGLED = "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n";

    private final TestServer server;

    RequestSmugglingTest(TestServer server) {
        this.server = server;
    }

    @Test
    void content_length_with_chunked_transfer_encoding_is_refused_and_the_smuggled_request_not_served() throws IOException {
        String body = "0\r\n\r\n" + SMUGGLED;
        String statuses = exchange("POST /api/publish HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body);

        assertThat(statuses).isEqualTo("400");
        assertThat(server.metric("switchboard_http_connections_closed_total{reason=\"bad_framing\"}")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void a_transfer_encoding_that_does_not_end_in_chunked_is_refused() throws IOException {
        String statuses = exchange("POST /api/publish HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n" + SMUGGLED);

        assertThat(statuses).isEqualTo("400");
    }

    @Test
    void a_plain_chunked_request_is_served_and_the_connection_kept() throws IOException {
        String json = "{\"channel\":\"public:smuggling\",\"data\":{}}";
        String statuses = exchange("POST /api/publish HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "X-Api-Key: " + server.apiKey() + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n"
                + "GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(statuses).isEqualTo("202 200");
    }

    /** Writes {@code raw} on a fresh connection and reads until the server closes it: the statuses, in order. */
    private String exchange(String raw) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    all.write(buf, 0, n);
                }
            } catch (SocketException reset) {
                // closed with unread input: a close all the same
            }
            Matcher m = STATUS_LINE.matcher(all.toString(StandardCharsets.US_ASCII));
            StringBuilder statuses = new StringBuilder();
            while (m.find()) {
                statuses.append(statuses.length() == 0 ? "" : " ").append(m.group(1));
            }
            return statuses.toString();
        }
    }
}

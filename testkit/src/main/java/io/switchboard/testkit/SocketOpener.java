package io.switchboard.testkit;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Opens a {@link TestClient} on a node at {@code 127.0.0.1:<port>}, as the {@link ConnectOptions} say. */
final class SocketOpener {
    /** How long a handshake may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private SocketOpener() {
    }

    /**
     * Opens a socket and returns it once the handshake is done, without waiting for any frame; throws
     * {@link ConnectFailedException} when the handshake is refused or nothing listens.
     */
    static TestClient open(HttpClient http, int port, ConnectOptions options) {
        StringBuilder query = new StringBuilder();
        if (options.place() == ConnectOptions.TokenPlace.QUERY) {
            query.append("token=").append(URLEncoder.encode(options.token(), StandardCharsets.UTF_8));
        }
        options.query().forEach((name, value) -> query.append(query.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        URI uri = URI.create("ws://127.0.0.1:" + port + options.path() + (query.length() == 0 ? "" : "?" + query));
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (options.place() == ConnectOptions.TokenPlace.HEADER) {
            builder.header("Authorization", "Bearer " + options.token());
        }
        options.headers().forEach(builder::header);
        List<String> protocols = options.offeredSubprotocols();
        if (!protocols.isEmpty()) {
            builder.subprotocols(protocols.get(0), protocols.subList(1, protocols.size()).toArray(String[]::new));
        }
        FrameInbox inbox = new FrameInbox(options.inboxCapacity());
        WebSocket socket;
        try {
            socket = builder.buildAsync(uri, inbox).get(CONNECT_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            int status = cause instanceof WebSocketHandshakeException h ? h.getResponse().statusCode() : -1;
            throw new ConnectFailedException(status, "cannot open " + uri.getPath() + ": "
                    + (status > 0 ? "handshake refused with HTTP " + status : String.valueOf(cause)), cause);
        } catch (TimeoutException e) {
            throw new ConnectFailedException(-1, "cannot open " + uri.getPath() + ": no handshake within "
                    + CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectFailedException(-1, "interrupted while connecting", e);
        }
        return new TestClient(socket, inbox);
    }
}

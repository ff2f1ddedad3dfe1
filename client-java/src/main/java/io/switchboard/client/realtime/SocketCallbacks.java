package io.switchboard.client.realtime;

import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** OkHttp's callbacks for one socket, posted to the client's thread tagged with the socket's generation. */
final class SocketCallbacks extends WebSocketListener {
    private final RealtimeConnection connection;
    private final int gen;

    SocketCallbacks(RealtimeConnection connection, int gen) {
        this.connection = connection;
        this.gen = gen;
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        connection.post(() -> connection.onText(gen, text));
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        webSocket.close(1000, null); // answer the server's close frame so the TCP connection ends cleanly
        connection.post(() -> connection.onClosed(gen, code, reason));
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        connection.post(() -> connection.onClosed(gen, code, reason));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        String reason = response != null ? "handshake refused with HTTP " + response.code() : String.valueOf(t);
        if (response != null) {
            response.close();
        }
        connection.post(() -> connection.onClosed(gen, RealtimeConnection.ABNORMAL, reason));
    }
}

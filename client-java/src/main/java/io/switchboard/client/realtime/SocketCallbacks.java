package io.switchboard.client.realtime;

import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/** OkHttp's callbacks for one socket, posted to the client's thread tagged with the socket's generation. */
final class SocketCallbacks extends WebSocketListener {
    private final RealtimeConnection connection;
    private final int gen;

    SocketCallbacks(RealtimeConnection connection, int gen) {
        this.connection = connection;
        this.gen = gen;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        String protocol = response.header("Sec-WebSocket-Protocol");
        connection.post(() -> connection.onOpen(gen, protocol));
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        connection.post(() -> connection.onText(gen, text));
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        byte[] msgpack = bytes.toByteArray();
        connection.post(() -> connection.onBinary(gen, msgpack));
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

package io.switchboard.client;

import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** OkHttp's callbacks for one socket, handed to the client's thread tagged with the socket's generation. */
final class SocketEvents extends WebSocketListener {
    private final ClientEngine engine;
    private final int generation;

    SocketEvents(ClientEngine engine, int generation) {
        this.engine = engine;
        this.generation = generation;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        engine.post(() -> engine.onSocketOpen(generation));
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        engine.post(() -> engine.onSocketText(generation, text));
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        // Answer the server's close frame so the TCP connection ends cleanly.
        webSocket.close(1000, null);
        engine.post(() -> engine.onSocketLost(generation, code, reason));
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        engine.post(() -> engine.onSocketLost(generation, code, reason));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        String reason = response != null ? "handshake refused with HTTP " + response.code() : String.valueOf(t);
        if (response != null) {
            response.close();
        }
        engine.post(() -> engine.onSocketLost(generation, 1006, reason));
    }
}

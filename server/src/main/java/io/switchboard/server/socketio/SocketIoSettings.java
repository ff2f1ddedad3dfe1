package io.switchboard.server.socketio;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import java.time.Duration;
import java.util.List;

/**
 * The Socket.IO endpoint's settings, named and defaulted as the reference server names them.
 *
 * @param path              where Engine.IO answers, both transports: {@code /socket.io/} by default
 * @param pingInterval      how often the server pings each connection ({@code pingInterval}, 25 s)
 * @param pingTimeout       how long a ping waits for its pong before the connection is closed ({@code pingTimeout}, 20 s)
 * @param maxHttpBufferSize the largest polling body or WebSocket message a client may send, in bytes (1,000,000)
 * @param maxBufferedBytes  what one connection may have waiting to be written before it is closed as too slow
 * @param recovery          whether sockets get a {@code pid} and their events an offset, for connection state recovery
 */
public record SocketIoSettings(String path, Duration pingInterval, Duration pingTimeout, int maxHttpBufferSize,
                               long maxBufferedBytes, boolean recovery) {
    /** The settings this record reads. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("socketio-path", "/socket.io/", "where Socket.IO clients connect, both transports"),
            new SettingKey("socketio-ping-interval", "25s", "Engine.IO heartbeat: how often the server pings each Socket.IO connection"),
            new SettingKey("socketio-ping-timeout", "20s", "how long a ping waits for its pong before the Socket.IO connection is closed"),
            new SettingKey("socketio-max-http-buffer-size", "1000000", "largest polling body or WebSocket message a Socket.IO client may send, in bytes"),
            new SettingKey("socketio-max-buffered-bytes", "4m", "what may wait for one Socket.IO client before it is closed as too slow"),
            new SettingKey("socketio-recovery", "true", "Socket.IO connection state recovery from channel history and user events"));

    /** The names of {@link #DECLARED}. */
    public static final List<String> KEYS = SettingKey.names(DECLARED);

    /** Reads and validates its keys; throws {@link InvalidSettingException} naming the first bad one. */
    public static SocketIoSettings from(SettingValues v) {
        String path = v.string("socketio-path", "/socket.io/");
        if (!path.matches("/([A-Za-z0-9_.~-]+/)+")) {
            throw new InvalidSettingException("socketio-path", "must be a path that starts and ends with '/', such as /socket.io/");
        }
        return new SocketIoSettings(path,
                v.duration("socketio-ping-interval", Duration.ofSeconds(25), Duration.ofMillis(10)),
                v.duration("socketio-ping-timeout", Duration.ofSeconds(20), Duration.ofMillis(10)),
                (int) v.bytes("socketio-max-http-buffer-size", 1_000_000, 1024, 64L << 20),
                v.bytes("socketio-max-buffered-bytes", 4L << 20, 64 * 1024, 1L << 30),
                v.bool("socketio-recovery", true));
    }
}

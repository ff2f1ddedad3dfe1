package io.switchboard.server.transport;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where and how the node listens: its HTTP server, TLS, the browser origins it accepts, the proxies it believes,
 * the handshake rate per client address, how long an HTTP connection may dawdle and how many sockets may wait for
 * their credential.
 *
 * @param host              interface to listen on: by default 127.0.0.1 in development mode (which hands out
 *                          tokens to whoever asks), every interface (0.0.0.0) in production
 * @param port              TCP port; 0 picks a free one
 * @param tlsCert           PEM certificate chain to serve HTTPS and WSS with; null (with {@code tlsKey}) for plain
 * @param tlsKey            PEM private key of {@code tlsCert}, unencrypted; null (with {@code tlsCert}) for plain
 * @param allowedOrigins    browser origins allowed to open sockets and call the API
 * @param trustedProxies    proxies (addresses or CIDR ranges) whose {@code X-Forwarded-For} names the client
 * @param connectRatePerIp  WebSocket handshake attempts per second per client address, sustained
 * @param connectBurstPerIp WebSocket handshake attempts a client address may make at once
 * @param networkTransport  {@code native} (the default: epoll on Linux when Netty's library loads, else NIO) or
 *                          {@code nio} to force Java NIO; see {@link NetworkTransport}
 * @param httpRequestTimeout how long an HTTP request (head and body) may take to arrive once its first byte has; past
 *                          it the connection is closed
 * @param httpIdleTimeout   how long an HTTP connection may wait for its next request (from its opening, or the end
 *                          of the last response); past it the connection is closed
 * @param maxUnauthenticatedSockets WebSocket connections accepted whose credential has not been checked yet (those
 *                          of endpoints that read it from a message); beyond it a new one is closed with 4102
 * @param websocketCompression whether WebSockets may agree to permessage-deflate (RFC 7692): {@code on} compresses
 *                          each large publication once for every socket that agreed and inflates what clients send
 *                          compressed (bounded); {@code off} agrees to no extension
 */
public record ServerSettings(
        String host,
        int port,
        Path tlsCert,
        Path tlsKey,
        List<String> allowedOrigins,
        List<String> trustedProxies,
        int connectRatePerIp,
        int connectBurstPerIp,
        String networkTransport,
        Duration httpRequestTimeout,
        Duration httpIdleTimeout,
        int maxUnauthenticatedSockets,
        boolean websocketCompression) {

    /** Default of {@code max-unauthenticated-sockets}: each may hold up to twice the hard frame size before it is checked. */
    public static final int DEFAULT_MAX_UNAUTHENTICATED_SOCKETS = 256;

    /** The settings this record reads, with their defaults and meanings. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("host", null, "interface to listen on; unset: 127.0.0.1 in development mode, 0.0.0.0 with dev=false"),
            new SettingKey("port", "8080", "TCP port for HTTP, WebSocket, health and metrics; 0 picks a free one"),
            new SettingKey("allowed-origins", null, "comma-separated browser origins allowed to open sockets and call the API (* for any)"),
            new SettingKey("connect-rate-per-ip", "50", "WebSocket handshakes per second per client address, sustained; over it HTTP 429"),
            new SettingKey("connect-burst-per-ip", "500", "WebSocket handshakes a client address may make at once"),
            new SettingKey("trusted-proxies", null, "comma-separated addresses or CIDR ranges of the load balancers whose X-Forwarded-For is believed"),
            new SettingKey("tls-cert", null, "PEM certificate chain: serve HTTPS and WSS on port (with tls-key)"),
            new SettingKey("tls-key", null, "unencrypted PEM private key of tls-cert"),
            new SettingKey("network-transport", "native", "native: epoll on Linux x86-64 where it loads, else NIO; io_uring: Linux io_uring where the kernel allows it, else NIO; nio forces Java NIO"),
            new SettingKey("http-request-timeout", "30s", "an HTTP request (head and body) must arrive within this of its first byte, or the connection is closed"),
            new SettingKey("http-idle-timeout", "60s", "an HTTP connection waiting for its next request this long is closed"),
            new SettingKey("max-unauthenticated-sockets", "256", "sockets whose credential comes in a message and is not checked yet, node-wide; beyond it 4102"),
            new SettingKey("websocket-compression", "off", "on: WebSockets may agree to permessage-deflate (publications compressed once, no context takeover); off: no extension"));

    /** The names of {@link #DECLARED}. */
    public static final List<String> KEYS = SettingKey.names(DECLARED);

    /** Reads and validates its keys; throws {@link InvalidSettingException} naming the first bad one. */
    public static ServerSettings from(SettingValues v) {
        List<String> origins = v.origins("allowed-origins");
        List<String> proxies = v.list("trusted-proxies");
        try {
            TrustedProxies.parse(proxies);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("trusted-proxies", e.getMessage());
        }
        Path tlsCert = v.path("tls-cert", null);
        Path tlsKey = v.path("tls-key", null);
        if (tlsCert != null && tlsKey == null) {
            throw new InvalidSettingException("tls-key", "must be set too when tls-cert is (the certificate's private key, PEM)");
        }
        if (tlsKey != null && tlsCert == null) {
            throw new InvalidSettingException("tls-cert", "must be set too when tls-key is (the certificate chain, PEM)");
        }
        String networkTransport = v.string("network-transport", NetworkTransport.NATIVE);
        if (!List.of(NetworkTransport.NATIVE, NetworkTransport.IO_URING, NetworkTransport.NIO).contains(networkTransport)) {
            throw new InvalidSettingException("network-transport", "must be native, io_uring or nio");
        }
        String compression = v.string("websocket-compression", "off");
        if (!List.of("on", "off").contains(compression)) {
            throw new InvalidSettingException("websocket-compression", "must be on or off");
        }
        return new ServerSettings(
                v.string("host", v.bool("dev", true) ? "127.0.0.1" : "0.0.0.0"),
                v.integer("port", 8080, 0, 65535),
                tlsCert,
                tlsKey,
                origins,
                proxies,
                v.integer("connect-rate-per-ip", 50, 1, 1_000_000),
                v.integer("connect-burst-per-ip", 500, 1, 1_000_000),
                networkTransport,
                v.duration("http-request-timeout", Duration.ofSeconds(30), Duration.ofMillis(100)),
                v.duration("http-idle-timeout", Duration.ofSeconds(60), Duration.ofMillis(100)),
                v.integer("max-unauthenticated-sockets", DEFAULT_MAX_UNAUTHENTICATED_SOCKETS, 1, 10_000_000),
                compression.equals("on"));
    }

    /** Whether the node serves HTTPS and WSS. */
    public boolean tls() {
        return tlsCert != null;
    }

    /** The trusted proxies, parsed. */
    public TrustedProxies proxies() {
        return TrustedProxies.parse(trustedProxies);
    }
}

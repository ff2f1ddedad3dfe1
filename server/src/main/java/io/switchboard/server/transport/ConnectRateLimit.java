package io.switchboard.server.transport;

import io.switchboard.server.limits.KeyedRateLimiter;
import io.switchboard.server.metrics.Metrics;
import io.vertx.core.net.SocketAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket handshake attempts per client address ({@code connect-rate-per-ip}, {@code connect-burst-per-ip}),
 * counted before any token is read, so that one address cannot make the node verify tokens and open sockets
 * as fast as it can send requests. Every attempt counts, admitted or not.
 *
 * <p>The client is the TCP peer, or, when the peer is in {@code trusted-proxies}, the address the proxies name in
 * {@code X-Forwarded-For}. IPv6 clients are counted per /64, the block one subscriber usually holds: counting per
 * address would give each subscriber 2^64 separate budgets.
 */
public final class ConnectRateLimit {
    /** Client addresses tracked at most; see {@link KeyedRateLimiter} for what eviction means. */
    public static final int MAX_ADDRESSES = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(ConnectRateLimit.class);

    private final KeyedRateLimiter limiter;
    private final TrustedProxies proxies;
    private final Metrics metrics;
    private final AtomicBoolean warnedUntrustedForward = new AtomicBoolean();

    /** A limit of {@code burst} attempts at once and {@code perSecond} sustained per client. */
    public ConnectRateLimit(int perSecond, int burst, TrustedProxies proxies, Metrics metrics) {
        this.limiter = new KeyedRateLimiter(perSecond, burst, MAX_ADDRESSES);
        this.proxies = proxies;
        this.metrics = metrics;
    }

    /** Takes one attempt for the client of a handshake; false (and counted) when it has none left. */
    public boolean admit(SocketAddress peer, String forwardedFor) {
        InetAddress peerAddress = peer == null || peer.hostAddress() == null ? null : TrustedProxies.literal(peer.hostAddress());
        if (peerAddress == null) {
            return true; // a Unix domain socket: only local processes can connect
        }
        if (forwardedFor != null && !proxies.trusts(peerAddress) && warnedUntrustedForward.compareAndSet(false, true)) {
            LOG.warn("a handshake from {} carries X-Forwarded-For, which is ignored: {} is not in trusted-proxies. If a "
                    + "proxy forwards to this node, list it there, or all its clients share one connect budget (logged once)",
                    peerAddress.getHostAddress(), peerAddress.getHostAddress());
        }
        InetAddress client = proxies.client(peerAddress, forwardedFor);
        if (limiter.tryTake(key(client), System.nanoTime()) == 0) {
            return true;
        }
        metrics.rateLimited(Metrics.LIMIT_CONNECT);
        return false;
    }

    private static String key(InetAddress client) {
        if (client instanceof Inet6Address) {
            byte[] prefix = Arrays.copyOf(client.getAddress(), 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e); // 16 bytes is always a valid address
            }
        }
        return client.getHostAddress();
    }
}

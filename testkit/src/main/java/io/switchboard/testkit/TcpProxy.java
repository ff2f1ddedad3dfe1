package io.switchboard.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a server (a node, PostgreSQL, Redis) that a test can break in the two ways
 * networks break:
 *
 * <ul>
 *   <li>{@link #cut()}: every connection carried is closed and new ones are reset at once, as when the server goes
 *       away or restarts; {@link #restore()} carries new connections again;</li>
 *   <li>{@link #freeze()}: the connections open now go silent without closing (bytes are read and thrown away in
 *       both directions), as on a network that died under them; new connections are carried normally.</li>
 * </ul>
 *
 * <p>{@link #switchTo(int)} sends new connections to another server, as a load balancer does when a client comes
 * back and lands on another node.
 *
 * <p>Bounded: at most {@link #MAX_LINKS} connections at a time (more are reset), two threads each.
 */
public final class TcpProxy implements AutoCloseable {
    /** Connections carried at once; more are reset. */
    public static final int MAX_LINKS = 256;

    private final ServerSocket listener;
    private volatile InetSocketAddress upstream;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;

    private static final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean frozen;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private TcpProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread accept = new Thread(this::acceptLoop, "tcp-proxy-accept-" + listener.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** Starts a proxy on a free loopback port that carries connections to {@code upstream}. */
    public static TcpProxy to(InetSocketAddress upstream) {
        try {
            return new TcpProxy(upstream);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on a loopback port", e);
        }
    }

    /** Starts a proxy in front of {@code 127.0.0.1:<port>}. */
    public static TcpProxy to(int port) {
        return to(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** The port the proxy listens on (on 127.0.0.1). */
    public int port() {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}, for a node behind the proxy. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Connections carried now. */
    public int connections() {
        return links.size();
    }

    /** Closes every connection carried and resets new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        for (Link link : links) {
            link.close();
        }
        links.clear();
    }

    /** Carries new connections again after a {@link #cut()}. */
    public void restore() {
        cut = false;
    }

    /** Carries new connections to {@code 127.0.0.1:<port>} from now on; the ones open now stay where they are. */
    public void switchTo(int port) {
        upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Silences every connection open now, without closing it. */
    public void freeze() {
        links.forEach(l -> l.frozen = true);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut || links.size() >= MAX_LINKS) {
                reset(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(upstream, 5_000);
            } catch (IOException e) {
                reset(client);
                closeQuietly(server);
                continue;
            }
            Link link = new Link(client, server);
            links.add(link);
            // A cut between the check above and the add must not leave this one open.
            if (cut) {
                links.remove(link);
                link.close();
                continue;
            }
            try {
                pump(link, client.getInputStream(), server.getOutputStream());
                pump(link, server.getInputStream(), client.getOutputStream());
            } catch (IOException e) {
                links.remove(link);
                link.close();
            }
        }
    }

    private void pump(Link link, InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!link.frozen) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // One side went away or the link was cut.
            } finally {
                // A frozen link stays open: its peers must find out by themselves that it is dead.
                if (!link.frozen) {
                    links.remove(link);
                    link.close();
                }
            }
        }, "tcp-proxy-pump-" + port());
        t.setDaemon(true);
        t.start();
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // Closed anyway below.
        }
        closeQuietly(socket);
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        for (Link l : links) {
            l.close();
        }
        links.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Nothing to do.
        }
    }
}

package io.switchboard.client.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of a server that can make the connections it carries go silent without closing
 * them ({@link #freeze()}): bytes are read and thrown away in both directions, as on a network that died under a
 * connection (a phone entering a tunnel). New connections are carried normally.
 */
final class FreezingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private static final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean frozen;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }
    }

    FreezingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread accept = new Thread(this::acceptLoop, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** {@code http://127.0.0.1:<proxy port>}. */
    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Silences every connection open now. */
    void freeze() {
        links.forEach(l -> l.frozen = true);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                Link link = new Link(client, upstream);
                links.add(link);
                pump(link, client.getInputStream(), upstream.getOutputStream());
                pump(link, upstream.getInputStream(), client.getOutputStream());
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private static void pump(Link link, InputStream in, OutputStream out) {
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
                // The other side went away.
            } finally {
                if (!link.frozen) {
                    closeQuietly(link.client);
                    closeQuietly(link.upstream);
                }
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        for (Link l : links) {
            closeQuietly(l.client);
            closeQuietly(l.upstream);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Nothing to do.
        }
    }
}

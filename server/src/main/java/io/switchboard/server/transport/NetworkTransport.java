package io.switchboard.server.transport;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;

/**
 * The socket I/O under the node's event loops: Netty's native transport where its library loads (epoll on Linux),
 * io_uring when the {@code network-transport} setting asks for it, Java NIO otherwise or when the setting says
 * {@code nio}. The native ones make fewer system calls and copies per write, which is where fan-out spends its time
 * (issue 12); io_uring hands the kernel the writes of every socket a loop flushed in one submission, where epoll
 * makes one system call per socket.
 *
 * @param name   what the event loops actually run on: {@code epoll}, {@code io_uring}, {@code kqueue} or {@code nio}
 * @param reason why, in words for the start log: chosen, forced by the setting, or why the native one did not load
 */
public record NetworkTransport(String name, String reason) {
    /** The value of {@code network-transport} that forces NIO. */
    public static final String NIO = "nio";
    /** The default value of {@code network-transport}: the native transport when it loads. */
    public static final String NATIVE = "native";
    /** The value of {@code network-transport} that asks for Linux io_uring (NIO where the kernel refuses it). */
    public static final String IO_URING = "io_uring";

    /**
     * Builds the node's Vert.x on the transport the setting asks for and reports the one it got: Vert.x falls back
     * to NIO by itself when the native library does not load, so the answer is read back from the instance.
     */
    public static Built create(VertxOptions options, String setting) {
        Transport requested = NIO.equals(setting) ? null
                : IO_URING.equals(setting) ? Transport.IO_URING : Transport.nativeTransport();
        Vertx vertx = Vertx.builder().with(options).withTransport(requested == null ? Transport.NIO : requested).build();
        return new Built(vertx, of(vertx, requested, setting));
    }

    private static NetworkTransport of(Vertx vertx, Transport requested, String setting) {
        if (vertx.isNativeTransportEnabled()) {
            return new NetworkTransport(requested.name(), "native library loaded");
        }
        if (NIO.equals(setting)) {
            return new NetworkTransport(NIO, "network-transport=nio");
        }
        if (requested == null) {
            return new NetworkTransport(NIO, "no native transport for this operating system");
        }
        Throwable cause = vertx.unavailableNativeTransportCause();
        return new NetworkTransport(NIO, requested.name() + " unavailable: " + (cause == null ? "unknown" : cause.toString()));
    }

    /**
     * A Vert.x instance and the transport it runs on.
     *
     * @param vertx     the instance
     * @param transport what its event loops run on
     */
    public record Built(Vertx vertx, NetworkTransport transport) {
    }
}

package io.switchboard.tests.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;

/**
 * A TLS ClientHello written byte by byte (RFC 5246, 7.4.1.2), for asking a server for a protocol version the
 * JDK's own client no longer offers. The same hello with version 1.2 must get a ServerHello: that shows the bytes
 * are well formed, so a refusal of the older version is the server's choice of versions, not a parse error.
 */
final class ClientHello {
    /** TLS 1.1 on the wire. */
    static final int TLS_1_1 = 0x0302;
    /** TLS 1.2 on the wire. */
    static final int TLS_1_2 = 0x0303;
    /** The record type of a handshake message such as ServerHello. */
    static final int HANDSHAKE = 0x16;
    /** The record type of an alert. */
    static final int ALERT = 0x15;

    private ClientHello() {
    }

    /**
     * Sends a ClientHello offering {@code version} (and nothing newer) to {@code 127.0.0.1:port} and returns the
     * type of the first record the server answers with, or -1 when it closes the connection without one.
     */
    static int firstRecordType(int port, int version) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(record(version));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            try {
                return in.read();
            } catch (SocketTimeoutException e) {
                throw new IOException("the server answered nothing within 10 s", e);
            } catch (IOException e) {
                return -1; // reset: refused without an alert
            }
        }
    }

    private static byte[] record(int version) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, version);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0); // no session id
        int[] suites = {0xc02f, 0xc030, 0xc013, 0xc014, 0x009c, 0x002f, 0x0035};
        u16(body, suites.length * 2);
        for (int s : suites) {
            u16(body, s);
        }
        body.write(1); // compression methods: null only
        body.write(0);
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        extension(extensions, 0x000a, new int[] {0x001d, 0x0017, 0x0018}); // supported_groups
        extension(extensions, 0x000b, new byte[] {1, 0}); // ec_point_formats: uncompressed
        extension(extensions, 0x000d, new int[] {0x0804, 0x0805, 0x0401, 0x0501, 0x0403, 0x0201}); // signature_algorithms
        extension(extensions, 0x0017, new byte[0]); // extended_master_secret
        extension(extensions, 0xff01, new byte[] {0}); // renegotiation_info, empty
        u16(body, extensions.size());
        body.writeBytes(extensions.toByteArray());

        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        handshake.write(1); // client_hello
        u24(handshake, body.size());
        handshake.writeBytes(body.toByteArray());
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(HANDSHAKE);
        u16(record, 0x0301); // the record layer version of a first hello, whatever is offered inside
        u16(record, handshake.size());
        record.writeBytes(handshake.toByteArray());
        return record.toByteArray();
    }

    /** An extension whose data is a list of 16-bit values with its length in front. */
    private static void extension(ByteArrayOutputStream out, int type, int[] list) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        u16(data, list.length * 2);
        for (int v : list) {
            u16(data, v);
        }
        extension(out, type, data.toByteArray());
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        u16(out, type);
        u16(out, data.length);
        out.writeBytes(data);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write((v >>> 8) & 0xff);
        out.write(v & 0xff);
    }

    private static void u24(ByteArrayOutputStream out, int v) {
        out.write((v >>> 16) & 0xff);
        u16(out, v & 0xffff);
    }
}

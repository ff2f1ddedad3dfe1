package io.switchboard.tests.support;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** permessage-deflate payloads (RFC 7692) by hand, for {@link RawWebSocket}: what a client compresses and inflates. */
public final class Deflate {
    private static final int TAIL = 4;

    private Deflate() {
    }

    /** A message compressed as one permessage-deflate frame: raw deflate, flushed, without the 00 00 ff ff tail. */
    public static byte[] message(byte[] plain) {
        return compress(plain);
    }

    /**
     * A frame that inflates to {@code inflatedBytes} zero bytes, compressed a MiB at a time so the test never holds
     * what it inflates to: a compression bomb, about a thousandth of its inflated size.
     */
    public static byte[] bomb(long inflatedBytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buf = new byte[64 * 1024];
        for (long left = inflatedBytes; left > 0; left -= zeros.length) {
            deflater.setInput(zeros, 0, (int) Math.min(zeros.length, left));
            while (!deflater.needsInput()) {
                out.write(buf, 0, deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH));
            }
        }
        int n;
        while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buf, 0, n);
            if (n < buf.length) {
                break;
            }
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - TAIL);
    }

    private static byte[] compress(byte[] plain) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(plain);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - TAIL);
    }

    /** The server's compressed messages inflated in order: each may refer to the ones before (context takeover). */
    public static final class Inflating {
        private final Inflater inflater = new Inflater(true);

        /** One message's payload, inflated. */
        public byte[] inflate(byte[] compressed) {
            byte[] input = Arrays.copyOf(compressed, compressed.length + TAIL);
            input[input.length - 2] = (byte) 0xff;
            input[input.length - 1] = (byte) 0xff;
            inflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = inflater.inflate(buf)) > 0) {
                    out.write(buf, 0, n);
                }
            } catch (DataFormatException e) {
                throw new IllegalStateException("the server's frame does not inflate", e);
            }
            return out.toByteArray();
        }
    }
}

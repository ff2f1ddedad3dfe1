package io.switchboard.client.buffer;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;

/** The record format of a {@link FileMessageBuffer} segment: {@code [int length][int CRC-32][record]}. */
final class SegmentRecords {
    private static final String PREFIX = "seg-";
    private static final String SUFFIX = ".log";
    private static final int HEADER = 8;
    /** Larger than any message the client accepts; a bigger length is a torn or corrupt header. */
    private static final int MAX_RECORD = 16 * 1024 * 1024;

    private SegmentRecords() {
    }

    static String fileName(long firstSeq) {
        return PREFIX + String.format("%020d", firstSeq) + SUFFIX;
    }

    /** The first seq named by a segment's file name, or null when the name is not a segment's. */
    static Long firstSeqOf(String name) {
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return null;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Appends one record with a single write (a write of a few KiB is not split by the OS for a regular file). */
    static void append(FileChannel channel, BufferedMessage m) throws IOException {
        byte[] id = m.id().getBytes(StandardCharsets.UTF_8);
        byte[] type = m.type().getBytes(StandardCharsets.UTF_8);
        byte[] envelope = m.envelope().getBytes(StandardCharsets.UTF_8);
        int length = 8 + 8 + 2 + id.length + 2 + type.length + envelope.length;
        ByteBuffer buf = ByteBuffer.allocate(HEADER + length);
        buf.putInt(length).putInt(0);
        buf.putLong(m.seq()).putLong(m.createdAtMillis());
        buf.putShort((short) id.length).put(id);
        buf.putShort((short) type.length).put(type);
        buf.put(envelope);
        CRC32 crc = new CRC32();
        crc.update(buf.array(), HEADER, length);
        buf.putInt(4, (int) crc.getValue());
        ((Buffer) buf).flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /**
     * Reads a segment's records into {@code out}. At the first torn or corrupt record it stops; in the last
     * segment (the only one a crash can leave torn) it also cuts the file there so appends continue cleanly.
     */
    static void read(Path path, boolean last, List<BufferedMessage> out) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long pos = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (pos < size) {
                ((Buffer) header).clear();
                if (size - pos < HEADER || readFully(ch, header, pos) < HEADER) {
                    break;
                }
                ((Buffer) header).flip();
                int length = header.getInt();
                int crc = header.getInt();
                if (length <= 0 || length > MAX_RECORD || pos + HEADER + length > size) {
                    break;
                }
                ByteBuffer body = ByteBuffer.allocate(length);
                if (readFully(ch, body, pos + HEADER) < length) {
                    break;
                }
                CRC32 check = new CRC32();
                check.update(body.array(), 0, length);
                if ((int) check.getValue() != crc) {
                    break;
                }
                ((Buffer) body).flip();
                out.add(decode(body));
                pos += HEADER + length;
            }
            if (last && pos < size) {
                ch.truncate(pos);
                ch.force(false);
            }
        }
    }

    private static int readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static BufferedMessage decode(ByteBuffer b) {
        long seq = b.getLong();
        long createdAt = b.getLong();
        String id = string(b, b.getShort() & 0xFFFF);
        String type = string(b, b.getShort() & 0xFFFF);
        String envelope = string(b, b.remaining());
        return new BufferedMessage(seq, id, type, envelope, createdAt);
    }

    private static String string(ByteBuffer b, int length) {
        String s = new String(b.array(), b.position(), length, StandardCharsets.UTF_8);
        ((Buffer) b).position(b.position() + length);
        return s;
    }
}

package io.switchboard.client.buffer;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The removal log of a {@link FileMessageBuffer}: the seq of each message that left, 8 bytes each. */
final class AckLog {
    private AckLog() {
    }

    /** The seqs in the log; a torn last entry (fewer than 8 bytes) is cut off. */
    static Set<Long> read(Path path) throws IOException {
        Set<Long> seqs = new HashSet<>();
        if (!Files.exists(path)) {
            return seqs;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long whole = ch.size() - ch.size() % 8;
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            long pos = 0;
            while (pos < whole) {
                ((Buffer) buf).clear();
                ((Buffer) buf).limit((int) Math.min(buf.capacity(), whole - pos));
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                pos += n;
                ((Buffer) buf).flip();
                while (buf.remaining() >= 8) {
                    seqs.add(buf.getLong());
                }
            }
            if (whole < ch.size()) {
                ch.truncate(whole);
            }
        }
        return seqs;
    }

    static FileChannel openForAppend(Path path) throws IOException {
        return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    static void append(FileChannel ch, long seq) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8).putLong(seq);
        ((Buffer) buf).flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Replaces the log with {@code seqs}: written to {@code tmp}, forced, renamed over {@code path}; returns it open for append. */
    static FileChannel rewrite(Path path, Path tmp, List<Long> seqs) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocate(8 * Math.max(1, seqs.size()));
            for (long seq : seqs) {
                buf.putLong(seq);
            }
            ((Buffer) buf).flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return openForAppend(path);
    }
}

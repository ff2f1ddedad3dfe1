package io.switchboard.client.buffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The default buffer: an append-only log of messages in segment files plus a log of removals, in one directory.
 *
 * <ul>
 *   <li>{@code seg-<first seq>.log}: messages as {@code [length][CRC-32][record]}, appended; a new segment starts
 *       when the current one passes {@link #SEGMENT_BYTES}. A segment whose messages have all left is deleted.</li>
 *   <li>{@code acks.log}: the {@code seq} of each message that left (acked, refused, dropped), 8 bytes each,
 *       rewritten to hold only what the live segments need (to {@code acks.tmp}, fsync, atomic rename) when it
 *       grows.</li>
 *   <li>{@code lock}: held while open, so that two processes never share the directory.</li>
 * </ul>
 *
 * <p><b>Crash safety.</b> Every append is written with one {@code write} before {@link #append} returns, so a process
 * killed at any point (kill -9) keeps it: the operating system holds the bytes. With {@code fsync} on (the
 * default) the segment is also forced to the device before {@code append} returns (outside the buffer's lock, so the
 * client keeps sending meanwhile), so a power failure keeps it too. Removals are not forced: a
 * removal lost in a crash brings the message back, and it is sent again, which the server's idempotency makes
 * harmless. On open, the log is read back, a torn record at the end of the last segment (a write cut short by a
 * power failure) is cut off, and the unacked messages are restored in order.
 */
public final class FileMessageBuffer extends BoundedMessageBuffer {
    /** Size after which a new segment starts. */
    public static final long SEGMENT_BYTES = 1024 * 1024;
    private static final int COMPACT_MIN = 4096;

    private final Path dir;
    private final boolean fsync;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** First seq of each segment file, oldest first; the last one is the active segment. */
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private FileChannel active;
    private FileChannel acks;
    private long ackEntries;
    private long compactAt = COMPACT_MIN;

    private FileMessageBuffer(Path dir, BufferLimits limits, boolean fsync) throws IOException {
        super(limits);
        this.dir = dir;
        this.fsync = fsync;
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("acks.tmp"));
        this.lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new IllegalStateException("the buffer directory " + dir + " is already open (in this or another process)");
        }
        this.lock = l;
        try {
            recover();
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    /** Opens (or creates) a buffer in {@code dir} with the default bounds and fsync on. */
    public static FileMessageBuffer open(Path dir) {
        return open(dir, BufferLimits.DEFAULT, true);
    }

    /**
     * Opens (or creates) a buffer in {@code dir} and restores the messages it holds.
     *
     * @param fsync force each append to the device (survives power loss); off, appends survive a killed process only
     * @throws IllegalStateException when another process (or this one) has the directory open
     * @throws java.io.UncheckedIOException when the directory cannot be read or written
     */
    public static FileMessageBuffer open(Path dir, BufferLimits limits, boolean fsync) {
        Objects.requireNonNull(dir, "dir");
        try {
            return new FileMessageBuffer(dir, limits, fsync);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the buffer in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The directory. */
    public Path directory() {
        return dir;
    }

    private void recover() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> {
                Long first = SegmentRecords.firstSeqOf(p.getFileName().toString());
                if (first != null) {
                    segments.put(first, p);
                }
            });
        }
        Path ackPath = dir.resolve("acks.log");
        java.util.Set<Long> removed = AckLog.read(ackPath);
        ackEntries = removed.size();
        List<BufferedMessage> found = new ArrayList<>();
        for (Map.Entry<Long, Path> segment : segments.entrySet()) {
            boolean last = segment.getKey().equals(segments.lastKey());
            SegmentRecords.read(segment.getValue(), last, found);
            resumeAt(segment.getKey());
        }
        for (BufferedMessage m : found) {
            resumeAt(m.seq() + 1);
            if (!removed.contains(m.seq())) {
                restore(m);
            }
        }
        if (segments.isEmpty()) {
            openActive(nextSeq());
        } else {
            active = FileChannel.open(segments.lastEntry().getValue(), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        acks = AckLog.openForAppend(ackPath);
        for (Long first : new ArrayList<>(segments.keySet())) {
            deleteIfDone(first);
        }
        if (ackEntries >= compactAt) {
            compact();
        }
    }

    @Override
    protected void write(BufferedMessage message) throws IOException {
        long before = active.size();
        try {
            SegmentRecords.append(active, message);
        } catch (IOException e) {
            // Cut off a partial record so that the next append does not land behind garbage.
            try {
                active.truncate(before);
            } catch (IOException ignored) {
                // The torn record is cut off again when the log is read back.
            }
            throw e;
        }
        if (active.size() >= SEGMENT_BYTES) {
            // The segment just closed holds this message, not yet acked: its ack deletes the segment when it is done.
            openActive(message.seq() + 1);
        }
    }

    /** Forces the active segment outside the lock; a segment that rolled meanwhile was forced as it rolled. */
    @Override
    protected void sync() throws IOException {
        if (!fsync) {
            return;
        }
        FileChannel channel;
        synchronized (this) {
            channel = active;
        }
        try {
            channel.force(false);
        } catch (java.nio.channels.ClosedChannelException e) {
            // Rolled (and forced) or closed by another thread after this append was written.
        }
    }

    @Override
    protected void erase(long seq) throws IOException {
        AckLog.append(acks, seq);
        ackEntries++;
        Map.Entry<Long, Path> segment = segments.floorEntry(seq);
        if (segment != null) {
            deleteIfDone(segment.getKey());
        }
        if (ackEntries >= compactAt) {
            compact();
        }
    }

    @Override
    protected void release() throws IOException {
        try {
            if (fsync) {
                active.force(false);
            }
            active.close();
            acks.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }

    private void openActive(long firstSeq) throws IOException {
        if (active != null) {
            if (fsync) {
                active.force(false);
            }
            active.close();
        }
        Path path = dir.resolve(SegmentRecords.fileName(firstSeq));
        active = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        segments.put(firstSeq, path);
        if (fsync) {
            syncDirectory();
        }
    }

    /** Deletes a segment that is not the active one and whose messages have all left. */
    private void deleteIfDone(long first) throws IOException {
        Long next = segments.higherKey(first);
        if (next == null) {
            return;
        }
        long held = firstHeldAtOrAbove(first);
        if (held == -1 || held >= next) {
            Files.deleteIfExists(segments.remove(first));
        }
    }

    /** Rewrites the removal log with only the removals of messages in live segments. */
    private void compact() throws IOException {
        long from = segments.firstKey();
        long to = nextSeq();
        List<Long> keep = new ArrayList<>();
        for (long seq = from; seq < to; seq++) {
            if (!holds(seq)) {
                keep.add(seq);
            }
        }
        acks.close();
        acks = AckLog.rewrite(dir.resolve("acks.log"), dir.resolve("acks.tmp"), keep);
        ackEntries = keep.size();
        compactAt = Math.max(COMPACT_MIN, 2 * ackEntries);
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // Some platforms cannot open a directory; the file's own fsync still holds its data.
        }
    }
}

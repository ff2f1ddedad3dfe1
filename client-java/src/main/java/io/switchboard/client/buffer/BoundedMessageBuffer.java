package io.switchboard.client.buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The part of a {@link MessageBuffer} every store shares: an index of the unacked messages in {@code seq} order,
 * the bounds and the overflow policy, and one lock around it all. A subclass makes it durable by implementing
 * {@link #write} and {@link #erase}, and restores what it had with {@link #restore} and {@link #resumeAt} in its
 * constructor.
 *
 * <p>The index holds the unacked messages in memory, so memory use is bounded by {@link BufferLimits#maxBytes()}.
 */
public abstract class BoundedMessageBuffer implements MessageBuffer {
    private final BufferLimits limits;
    private final NavigableMap<Long, BufferedMessage> index = new TreeMap<>();
    private volatile Consumer<BufferedMessage> dropListener = m -> { };
    private long nextSeq = 1;
    private long bytes;
    private long dropped;
    private boolean closed;

    /** A buffer with these bounds, empty until the subclass restores what it holds. */
    protected BoundedMessageBuffer(BufferLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Writes one message; when it throws, the message is not buffered. Called under the lock. */
    protected abstract void write(BufferedMessage message) throws IOException;

    /**
     * Makes the messages written so far durable (an fsync), before {@link #append} returns. Called outside the lock,
     * so that the client's thread can go on peeking and removing while the storage works. Does nothing by default.
     */
    protected void sync() throws IOException {
    }

    /** Records that a message left the buffer (may be lost in a crash). Called under the lock. */
    protected abstract void erase(long seq) throws IOException;

    /** Releases the store. Called once, under the lock. */
    protected abstract void release() throws IOException;

    /**
     * Puts back a message found in the store at start, without writing it. Messages over the bounds are kept: a
     * restart never loses data, and the next append applies the policy.
     */
    protected final synchronized void restore(BufferedMessage message) {
        if (index.put(message.seq(), message) == null) {
            bytes += message.bytes();
        }
        nextSeq = Math.max(nextSeq, message.seq() + 1);
    }

    /** Makes the next {@code seq} at least {@code seq} (the store remembers where it was, even when empty). */
    protected final synchronized void resumeAt(long seq) {
        nextSeq = Math.max(nextSeq, seq);
    }

    /** The {@code seq} the next append gets. */
    protected final synchronized long nextSeq() {
        return nextSeq;
    }

    /** Whether a message with this {@code seq} is still held. */
    protected final synchronized boolean holds(long seq) {
        return index.containsKey(seq);
    }

    /** The smallest held {@code seq} at or above {@code from}, or -1. */
    protected final synchronized long firstHeldAtOrAbove(long from) {
        Long k = index.ceilingKey(from);
        return k == null ? -1 : k;
    }

    @Override
    public final BufferedMessage append(String id, String type, String envelope, long createdAtMillis) {
        List<BufferedMessage> victims = new ArrayList<>(1);
        BufferedMessage message;
        synchronized (this) {
            ensureOpen();
            message = new BufferedMessage(nextSeq, id, type, envelope, createdAtMillis);
            if (message.bytes() > limits.maxBytes()) {
                throw new IllegalArgumentException("a message of " + message.bytes() + " bytes is larger than the whole buffer ("
                        + limits.maxBytes() + " bytes)");
            }
            while (index.size() + 1 > limits.maxMessages() || bytes + message.bytes() > limits.maxBytes()) {
                if (limits.policy() == OverflowPolicy.REJECT_NEW) {
                    dropped++;
                    throw new BufferFullException(index.size(), bytes, "the buffer is full (" + index.size() + " messages, "
                            + bytes + " bytes; limits " + limits.maxMessages() + " messages, " + limits.maxBytes() + " bytes)");
                }
                Map.Entry<Long, BufferedMessage> oldest = index.firstEntry();
                removeHeld(oldest.getKey());
                dropped++;
                victims.add(oldest.getValue());
            }
            try {
                write(message);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot buffer the message: " + e.getMessage(), e);
            }
            index.put(message.seq(), message);
            bytes += message.bytes();
            nextSeq++;
        }
        try {
            sync();
        } catch (IOException e) {
            // The message is written and may still be sent; the caller learns that it is not known to be durable.
            throw new UncheckedIOException("the message was written but could not be forced to storage: " + e.getMessage(), e);
        }
        Consumer<BufferedMessage> listener = dropListener;
        for (BufferedMessage victim : victims) {
            listener.accept(victim);
        }
        return message;
    }

    @Override
    public final synchronized List<BufferedMessage> peek(long afterSeq, int max) {
        if (max <= 0 || index.isEmpty()) {
            return Collections.emptyList();
        }
        List<BufferedMessage> out = new ArrayList<>(Math.min(max, index.size()));
        for (BufferedMessage m : index.tailMap(afterSeq, false).values()) {
            out.add(m);
            if (out.size() == max) {
                break;
            }
        }
        return out;
    }

    @Override
    public final synchronized boolean remove(long seq) {
        if (closed || !index.containsKey(seq)) {
            return false;
        }
        removeHeld(seq);
        return true;
    }

    private void removeHeld(long seq) {
        BufferedMessage m = index.remove(seq);
        bytes -= m.bytes();
        try {
            erase(seq);
        } catch (IOException e) {
            // A lost removal only means the message is sent again after a restart; the server's idempotency absorbs it.
        }
    }

    @Override
    public final synchronized int size() {
        return index.size();
    }

    @Override
    public final synchronized long bytes() {
        return bytes;
    }

    @Override
    public final synchronized long dropped() {
        return dropped;
    }

    @Override
    public final BufferLimits limits() {
        return limits;
    }

    @Override
    public final void onDrop(Consumer<BufferedMessage> listener) {
        this.dropListener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the buffer: " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the buffer is closed");
        }
    }
}

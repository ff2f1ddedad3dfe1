package io.switchboard.client.buffer;

import java.io.Closeable;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where every message waits, from the moment the app sends it until the server acks it (or refuses it for good).
 *
 * <p>The contract, for every implementation:
 * <ul>
 *   <li><b>Durability.</b> When {@link #append} returns, the message survives what the implementation promises
 *       ({@link FileMessageBuffer}: the process being killed, and with fsync on, the power failing;
 *       {@link MemoryMessageBuffer}: nothing). A {@link #remove} may be lost in a crash: the message then comes
 *       back and is sent again, which the server's idempotency makes harmless.</li>
 *   <li><b>Order.</b> {@link #append} gives each message a {@code seq} larger than any before it, also across
 *       restarts; {@link #peek} returns unacked messages in {@code seq} order.</li>
 *   <li><b>Bounds.</b> At most {@link BufferLimits#maxMessages()} messages and {@link BufferLimits#maxBytes()}
 *       bytes; one more is handled by the {@link OverflowPolicy}, and each message lost that way is counted in
 *       {@link #dropped()}.</li>
 *   <li><b>Threads.</b> Every method is safe to call from any thread; the client appends on the app's threads and
 *       peeks and removes on its own.</li>
 * </ul>
 * Another store (an Android SQLite table, say) can extend {@link BoundedMessageBuffer}, which implements the
 * bounds, the order and the locking and leaves only the writes to the subclass.
 */
public interface MessageBuffer extends Closeable {
    /**
     * Buffers a message durably and returns it with its {@code seq}.
     *
     * @throws BufferFullException      when full under {@link OverflowPolicy#REJECT_NEW}
     * @throws IllegalArgumentException when the message alone is larger than {@link BufferLimits#maxBytes()}
     * @throws java.io.UncheckedIOException when the store cannot write it, or cannot force it to storage (it may then
     *         still be sent: sending it again after this is safe, the server stores it once)
     */
    BufferedMessage append(String id, String type, String envelope, long createdAtMillis);

    /** Up to {@code max} unacked messages with a {@code seq} greater than {@code afterSeq}, oldest first. */
    List<BufferedMessage> peek(long afterSeq, int max);

    /** Removes the message (acked, or refused for good); false when it was not there. Idempotent. */
    boolean remove(long seq);

    /** Unacked messages held. */
    int size();

    /** Bytes held (sum of the envelopes' UTF-8 sizes). */
    long bytes();

    /** Messages lost to the overflow policy since this buffer was opened. */
    long dropped();

    /** The bounds. */
    BufferLimits limits();

    /** Called, on the appending thread, with each message removed to make room under {@link OverflowPolicy#DROP_OLDEST}. */
    void onDrop(Consumer<BufferedMessage> listener);

    /** Releases the store (files, locks). The messages stay where a durable store keeps them. */
    @Override
    void close();
}

package io.switchboard.client.buffer;

/**
 * A buffer in memory only: messages survive a lost connection but not the process. For tests, and for data an app
 * can afford to lose when it is killed.
 */
public final class MemoryMessageBuffer extends BoundedMessageBuffer {
    /** A buffer with the {@link BufferLimits#DEFAULT default} bounds. */
    public MemoryMessageBuffer() {
        this(BufferLimits.DEFAULT);
    }

    /** A buffer with these bounds. */
    public MemoryMessageBuffer(BufferLimits limits) {
        super(limits);
    }

    @Override
    protected void write(BufferedMessage message) {
        // Nothing to write: the index is the store.
    }

    @Override
    protected void erase(long seq) {
        // Nothing to erase.
    }

    @Override
    protected void release() {
        // Nothing to release.
    }
}

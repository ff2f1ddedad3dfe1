package io.switchboard.client.buffer;

import io.switchboard.client.SwitchboardClientException;

/** The buffer is full and its policy is {@link OverflowPolicy#REJECT_NEW}: the message was not buffered. */
public final class BufferFullException extends SwitchboardClientException {
    private static final long serialVersionUID = 1L;
    private final int messages;
    private final long bytes;

    /** The buffer held {@code messages} messages of {@code bytes} bytes when it refused one more. */
    public BufferFullException(int messages, long bytes, String message) {
        super(message);
        this.messages = messages;
        this.bytes = bytes;
    }

    /** Messages in the buffer when it refused. */
    public int messages() {
        return messages;
    }

    /** Bytes in the buffer when it refused. */
    public long bytes() {
        return bytes;
    }
}

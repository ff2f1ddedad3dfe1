package io.switchboard.client;

/**
 * A message is larger than the client's {@code maxMessageBytes} (by default the server's default
 * {@code max-frame-bytes}, 64 KiB): the server would refuse it without saying which message it was, so the client
 * refuses it first. Split the data (fewer logs or apps per message).
 */
public final class MessageTooLargeException extends SwitchboardClientException {
    private static final long serialVersionUID = 1L;
    private final int bytes;
    private final int limit;

    /** A message of {@code bytes} over a limit of {@code limit}. */
    public MessageTooLargeException(int bytes, int limit) {
        super("the message is " + bytes + " bytes; at most " + limit + " may be sent (split it)");
        this.bytes = bytes;
        this.limit = limit;
    }

    /** The message's size in UTF-8 bytes. */
    public int bytes() {
        return bytes;
    }

    /** The limit. */
    public int limit() {
        return limit;
    }
}

package io.switchboard.client;

/**
 * Told what became of each message. Every message ends in exactly one of the three, unless the client is closed
 * first (it then stays buffered for the next start). Runs on the client's thread (drops on the sending thread):
 * do not block. Implement the ones you need.
 */
public interface DeliveryListener {
    /** The server committed it and acked; it has left the buffer. */
    default void onAcked(Delivery delivery) {
    }

    /** The server refused it for good (a non-temporary error); it has left the buffer and is not retried. */
    default void onRejected(Delivery delivery, ServerError error) {
    }

    /** The full buffer removed it to make room ({@link io.switchboard.client.buffer.OverflowPolicy#DROP_OLDEST}). */
    default void onDropped(String id, String type) {
    }
}

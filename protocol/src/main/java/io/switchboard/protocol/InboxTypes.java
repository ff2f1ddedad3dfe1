package io.switchboard.protocol;

/**
 * The message types of the per-user event socket {@code /ws/user/<user id>}, beyond those of {@code /ws}.
 *
 * <p>Every event a server pushes there is {@code {"type": <event type>, "seq": N, "data": <payload>}}, its
 * {@code type} chosen by the app that emitted it (such as {@code message_generate}); {@code seq} counts the
 * user's events, 1, 2, 3, with no gap. docs/asyncapi.yaml (channel {@code userEvents}) describes them.
 */
public final class InboxTypes {
    /**
     * Client to server: {@code {"type":"ack","seq":N}}, every event of the user with a sequence number up to
     * {@code N} was processed. Cumulative; with an {@code id} it is answered by an {@link MessageTypes#ACK}.
     */
    public static final String ACK = MessageTypes.ACK;
    /**
     * Client to server: {@code {"type":"resume","id":…,"data":{"last_seq":N}}}, send every event after
     * {@code N} (without {@code last_seq}: every event not yet acked), in order, then the live stream.
     */
    public static final String RESUME = "resume";

    private InboxTypes() {
    }
}

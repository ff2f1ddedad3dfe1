package io.switchboard.server.channel;

/** Something that receives a channel's frames: a session, in practice. */
public interface Subscriber {
    /**
     * Queues an encoded frame for sending. Called on the channel's delivery context; must not block. The
     * bytes are shared with every other subscriber and must not be modified.
     */
    void deliver(byte[] frame);
}

package io.switchboard.server.channel;

/** What a client wants to do with a channel. */
public enum ChannelAction {
    /** Receive its publications. */
    SUBSCRIBE,
    /** Send a publication to it from a client socket. */
    PUBLISH
}

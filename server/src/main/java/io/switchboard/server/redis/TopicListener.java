package io.switchboard.server.redis;

import java.util.Set;

/** What one part of the node hears from the shared subscription about the topics under its prefix. */
public interface TopicListener {
    /** A message on one of the listener's wanted topics; on the home context, in the order Redis sent them. */
    void message(String topic, byte[] payload);

    /**
     * The subscription came back after a drop and these topics of the listener's are subscribed again: what was
     * published on them meanwhile is lost, so whoever needs it reads it again from where it is kept.
     */
    default void restored(Set<String> topics) {
    }
}

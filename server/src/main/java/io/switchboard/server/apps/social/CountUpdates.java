package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.server.channel.ChannelFrames;
import io.switchboard.server.channel.ChannelRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@code like_update} and {@code comment_update} on {@code post:<id>} after their commit. Two changes of
 * one post commit in version order but finish on different threads, so their publications could leave in the
 * other order: this keeps the highest version published per post and event type and drops an older one that
 * comes late (a newer count went out already). The channel then carries strictly growing versions. The memory of
 * versions is bounded ({@link #TRACKED}, least recently used first out); past it, or across nodes, a late older
 * update may still go out, and clients keep the update with the highest {@code version}.
 */
final class CountUpdates {
    /** Posts whose last published versions are remembered. */
    static final int TRACKED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(CountUpdates.class);

    private final ChannelRegistry channels;
    private final Map<String, Long> published = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > TRACKED;
        }
    };

    CountUpdates(ChannelRegistry channels) {
        this.channels = channels;
    }

    /** Publishes the change unless a higher version of the same event type of the post went out already. */
    void publish(String type, CountChange change, ObjectNode extra) {
        ObjectNode data = extra;
        data.put("post_id", change.postId());
        data.put("count", change.count());
        data.put("version", change.version());
        String key = type + ":" + change.postId();
        // Deciding and handing to the broker under one lock: the broker keeps one order per channel.
        synchronized (published) {
            Long last = published.get(key);
            if (last != null && last >= change.version()) {
                return;
            }
            published.put(key, change.version());
            channels.publish(ChannelFrames.event(SocialEvents.post(change.postId()), type, data))
                    .onFailure(e -> LOG.warn("could not publish {} of post {}: {}", type, change.postId(), e.toString()));
        }
    }
}

package io.switchboard.server.hooks;

import java.util.Set;

/**
 * Which namespaces ask the backend before a subscription or a client's publication ({@code namespace.<ns>.subscribe-hook}
 * and {@code publish-hook}). Read on event loops for every subscribe and publish: answer from memory.
 */
public interface HookedNamespaces {
    /** Whether subscriptions to channels of {@code namespace} go through the subscribe hook. */
    boolean subscribeHook(String namespace);

    /** Whether client publications to channels of {@code namespace} go through the publish hook. */
    boolean publishHook(String namespace);

    /** The namespaces named in two fixed sets. */
    static HookedNamespaces of(Set<String> subscribe, Set<String> publish) {
        Set<String> subs = Set.copyOf(subscribe);
        Set<String> pubs = Set.copyOf(publish);
        return new HookedNamespaces() {
            @Override
            public boolean subscribeHook(String namespace) {
                return subs.contains(namespace);
            }

            @Override
            public boolean publishHook(String namespace) {
                return pubs.contains(namespace);
            }
        };
    }
}

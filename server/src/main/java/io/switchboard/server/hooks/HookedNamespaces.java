package io.switchboard.server.hooks;

/**
 * Which namespaces ask the backend before a subscription or a client's publication ({@code namespace.<ns>.subscribe-hook}
 * and {@code publish-hook}). Read on event loops for every subscribe and publish: answer from memory.
 */
public interface HookedNamespaces {
    /** Whether subscriptions to channels of {@code namespace} go through the subscribe hook. */
    boolean subscribeHook(String namespace);

    /** Whether client publications to channels of {@code namespace} go through the publish hook. */
    boolean publishHook(String namespace);
}

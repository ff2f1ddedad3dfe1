package io.switchboard.server.channel;

import io.switchboard.server.broker.HistoryOptions;
import java.time.Duration;

/**
 * The rules of one channel namespace, as the configuration gives them ({@code namespace.<ns>.*}) over the defaults
 * in code (the built-in {@code public} and {@code user}, and each app's own). Immutable.
 *
 * @param name           the namespace, the part of a channel's name before the first {@code :}
 * @param subscribe      who may subscribe
 * @param publish        who may publish
 * @param historySize    publications kept per channel for history and recovery; 0 keeps none
 * @param historyTtl     how long a kept publication stays
 * @param recover        whether a subscriber may recover what it missed ({@code recover} on subscribe)
 * @param presence       whether the channels track who is subscribed
 * @param joinLeave      whether subscribers get {@code join} and {@code leave} when a session subscribes or leaves
 * @param clientPresence whether a subscribed client may ask {@code presence} and {@code presence_stats}
 * @param clientHistory  whether a subscribed client may ask {@code history}
 * @param subscribeHook  whether a client's subscribe is forwarded to the backend's subscribe hook
 * @param publishHook    whether a client's publish is forwarded to the backend's publish hook
 * @param delta          whether a subscriber may ask for its publications as Fossil deltas ({@code delta=fossil})
 */
public record Namespace(
        String name,
        SubscribeRule subscribe,
        PublishRule publish,
        int historySize,
        Duration historyTtl,
        boolean recover,
        boolean presence,
        boolean joinLeave,
        boolean clientPresence,
        boolean clientHistory,
        boolean subscribeHook,
        boolean publishHook,
        boolean delta) {
    /** How long history keeps a publication when {@code history-ttl} is not given. */
    public static final Duration DEFAULT_HISTORY_TTL = Duration.ofMinutes(5);

    /** Checks that the options fit together; throws {@link IllegalArgumentException} naming the option at fault. */
    public Namespace {
        if (historySize < 0 || historySize > HistoryOptions.MAX_SIZE) {
            throw new IllegalArgumentException("history-size must be from 0 to " + HistoryOptions.MAX_SIZE);
        }
        if (historySize > 0) {
            new HistoryOptions(historySize, historyTtl);
        }
        if (recover && historySize == 0) {
            throw new IllegalArgumentException("recover needs a history: set history-size");
        }
        if (clientHistory && historySize == 0) {
            throw new IllegalArgumentException("client-history needs a history: set history-size");
        }
        if (clientPresence && !presence) {
            throw new IllegalArgumentException("client-presence needs presence=true");
        }
    }

    /** The defaults of a namespace nobody says more about: authenticated subscribers, clients publish, nothing kept. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder starting from these rules. */
    public Builder toBuilder() {
        Builder b = new Builder(name).subscribe(subscribe).publish(publish).historySize(historySize).historyTtl(historyTtl)
                .presence(presence).joinLeave(joinLeave).clientPresence(clientPresence)
                .clientHistory(clientHistory).subscribeHook(subscribeHook).publishHook(publishHook).delta(delta);
        // Only a choice that differs from the derived one: a history configured later turns recovery on with it.
        return recover == (historySize > 0) ? b : b.recover(recover);
    }

    /** The history its channels keep, or null when none. */
    public HistoryOptions history() {
        return historySize == 0 ? null : new HistoryOptions(historySize, historyTtl);
    }

    /** Builds a {@link Namespace}; each setter returns the builder. */
    public static final class Builder {
        private final String name;
        private SubscribeRule subscribe = SubscribeRule.AUTHENTICATED;
        private PublishRule publish = PublishRule.CLIENTS;
        private int historySize;
        private Duration historyTtl = DEFAULT_HISTORY_TTL;
        private Boolean recover;
        private boolean presence;
        private boolean joinLeave;
        private boolean clientPresence;
        private boolean clientHistory;
        private boolean subscribeHook;
        private boolean publishHook;
        private boolean delta;

        private Builder(String name) {
            this.name = name;
        }

        /** Who may subscribe. */
        public Builder subscribe(SubscribeRule rule) {
            this.subscribe = rule;
            return this;
        }

        /** Who may publish. */
        public Builder publish(PublishRule rule) {
            this.publish = rule;
            return this;
        }

        /** Publications kept per channel; 0 for none. */
        public Builder historySize(int size) {
            this.historySize = size;
            return this;
        }

        /** How long a kept publication stays. */
        public Builder historyTtl(Duration ttl) {
            this.historyTtl = ttl;
            return this;
        }

        /** Whether subscribers may recover; unset: whenever history is kept. */
        public Builder recover(boolean recover) {
            this.recover = recover;
            return this;
        }

        /** Whether presence is tracked. */
        public Builder presence(boolean presence) {
            this.presence = presence;
            return this;
        }

        /** Whether join and leave are pushed. */
        public Builder joinLeave(boolean joinLeave) {
            this.joinLeave = joinLeave;
            return this;
        }

        /** Whether clients may ask presence. */
        public Builder clientPresence(boolean clientPresence) {
            this.clientPresence = clientPresence;
            return this;
        }

        /** Whether clients may ask history. */
        public Builder clientHistory(boolean clientHistory) {
            this.clientHistory = clientHistory;
            return this;
        }

        /** Whether subscribes go to the backend's subscribe hook. */
        public Builder subscribeHook(boolean hook) {
            this.subscribeHook = hook;
            return this;
        }

        /** Whether subscribers may ask for Fossil deltas. */
        public Builder delta(boolean delta) {
            this.delta = delta;
            return this;
        }

        boolean delta() {
            return delta;
        }

        /** Whether publishes go to the backend's publish hook. */
        public Builder publishHook(boolean hook) {
            this.publishHook = hook;
            return this;
        }

        SubscribeRule subscribe() {
            return subscribe;
        }

        PublishRule publish() {
            return publish;
        }

        int historySize() {
            return historySize;
        }

        Duration historyTtl() {
            return historyTtl;
        }

        boolean recover() {
            return recover == null ? historySize > 0 : recover;
        }

        boolean presence() {
            return presence;
        }

        boolean joinLeave() {
            return joinLeave;
        }

        boolean clientPresence() {
            return clientPresence;
        }

        boolean clientHistory() {
            return clientHistory;
        }

        boolean subscribeHook() {
            return subscribeHook;
        }

        boolean publishHook() {
            return publishHook;
        }

        /** The namespace; {@link IllegalArgumentException} when its options do not fit together. */
        public Namespace build() {
            return new Namespace(name, subscribe, publish, historySize, historyTtl, recover(), presence, joinLeave,
                    clientPresence, clientHistory, subscribeHook, publishHook, delta);
        }
    }
}

package io.switchboard.server.channel;

import io.switchboard.server.broker.HistoryOptions;
import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code namespace.<ns>.<option>} settings: one block per namespace, in the config file or with {@code --set}.
 * A namespace named there exists with the defaults of {@link Namespace#builder} for what the block leaves out; one
 * that code declares (built in, or an app's) takes the block over its own defaults. The older {@code channel-history}
 * setting ({@code public=100/10m}) gives a namespace's history where its block does not.
 */
public final class NamespaceSettings {
    /** What stands for the namespace in the declared keys. */
    public static final String PLACEHOLDER = "<ns>";
    private static final String PREFIX = "namespace.";
    private static final Pattern KEY = Pattern.compile("namespace\\.([a-z][a-z0-9_-]{0,31})\\.([a-z-]+)");

    /** The options of a block, each declared with the namespace as {@link #PLACEHOLDER}. */
    public static final List<SettingKey> DECLARED = List.of(
            key("subscribe", "authenticated", "who may subscribe to the namespace's channels: anyone, authenticated, "
                    + "owner (the user id is the channel's name or its first :-part), token (a subscription token), or none"),
            key("publish", "clients", "who may publish: clients (those allowed to subscribe) or backend (only the server API and hooks)"),
            key("history-size", "0", "publications kept per channel for history and recovery, 0 to " + HistoryOptions.MAX_SIZE + "; 0 keeps none"),
            key("history-ttl", "5m", "how long a kept publication stays, 1s to 1d"),
            key("recover", null, "whether a subscriber may recover what it missed; unset: true when history-size is above 0"),
            key("presence", "false", "whether the channels track who is subscribed (across nodes with redis)"),
            key("join-leave", "false", "whether subscribers receive join and leave when a session subscribes or leaves"),
            key("client-presence", "false", "whether a subscribed client may ask presence and presence_stats (needs presence)"),
            key("client-history", "false", "whether a subscribed client may ask history (needs history-size)"),
            key("subscribe-hook", "false", "whether a client's subscribe is sent to the backend's subscribe hook"),
            key("publish-hook", "false", "whether a client's publish is sent to the backend's publish hook"),
            key("delta", "off", "off, or fossil: a subscriber that asks (subscribe with delta: \"fossil\") gets each "
                    + "publication's data as a Fossil delta against the previous one when that is smaller"));

    private static final Set<String> OPTIONS = Set.copyOf(DECLARED.stream()
            .map(k -> k.name().substring((PREFIX + PLACEHOLDER + ".").length())).toList());

    private final SettingValues values;
    private final Map<String, HistoryOptions> legacyHistory;

    private NamespaceSettings(SettingValues values, Map<String, HistoryOptions> legacyHistory) {
        this.values = values;
        this.legacyHistory = Map.copyOf(legacyHistory);
    }

    /**
     * The blocks among {@code values}, with the {@code channel-history} shorthand; refuses an unknown option or a bad
     * namespace name at once, naming the key.
     */
    public static NamespaceSettings from(SettingValues values, Map<String, HistoryOptions> channelHistory) {
        NamespaceSettings settings = new NamespaceSettings(values, channelHistory);
        for (String ns : settings.configured()) {
            settings.apply(Namespace.builder(ns));
        }
        return settings;
    }

    /** No blocks: the defaults in code only. */
    public static NamespaceSettings none() {
        return new NamespaceSettings(SettingValues.of(Map.of()), Map.of());
    }

    /** Whether {@code key} has the shape of a namespace option, such as {@code namespace.room.subscribe}. */
    public static boolean isNamespaceKey(String key) {
        return key.startsWith(PREFIX);
    }

    /** The namespaces that have a block, in name order. */
    public Set<String> configured() {
        Set<String> out = new TreeSet<>();
        for (String key : values.keys()) {
            if (!isNamespaceKey(key)) {
                continue;
            }
            Matcher m = KEY.matcher(key);
            if (!m.matches()) {
                throw new InvalidSettingException(key, "a namespace option is namespace.<ns>.<option>, the namespace of "
                        + "a-z 0-9 _ - starting with a letter (at most 32), such as namespace.room.subscribe");
            }
            if (!OPTIONS.contains(m.group(2))) {
                throw new InvalidSettingException(key, "unknown namespace option '" + m.group(2) + "'; the options are "
                        + String.join(", ", new TreeSet<>(OPTIONS)));
            }
            out.add(m.group(1));
        }
        return out;
    }

    /** The namespace as {@code defaults} says, with its block (and {@code channel-history} entry) over them. */
    public Namespace apply(Namespace.Builder defaults) {
        Namespace base = defaults.build();
        String ns = base.name();
        HistoryOptions legacy = legacyHistory.get(ns);
        if (legacy != null) {
            defaults.historySize(legacy.size()).historyTtl(legacy.ttl());
        }
        String subscribe = values.string(key(ns, "subscribe"), null);
        if (subscribe != null) {
            SubscribeRule rule = SubscribeRule.parse(subscribe);
            if (rule == null) {
                throw new InvalidSettingException(key(ns, "subscribe"), "must be one of " + SubscribeRule.choices() + ", got '" + subscribe + "'");
            }
            defaults.subscribe(rule);
        }
        String publish = values.string(key(ns, "publish"), null);
        if (publish != null) {
            PublishRule rule = PublishRule.parse(publish);
            if (rule == null) {
                throw new InvalidSettingException(key(ns, "publish"), "must be one of " + PublishRule.choices() + ", got '" + publish + "'");
            }
            defaults.publish(rule);
        }
        defaults.historySize(values.integer(key(ns, "history-size"), defaults.historySize(), 0, HistoryOptions.MAX_SIZE));
        Duration ttl = values.duration(key(ns, "history-ttl"), defaults.historyTtl(), Duration.ofSeconds(1));
        if (ttl.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidSettingException(key(ns, "history-ttl"), "must be at most 1d");
        }
        defaults.historyTtl(ttl);
        if (values.string(key(ns, "recover"), null) != null) {
            defaults.recover(values.bool(key(ns, "recover"), false));
        }
        String delta = values.string(key(ns, "delta"), null);
        if (delta != null) {
            if (!delta.equals("off") && !delta.equals("fossil")) {
                throw new InvalidSettingException(key(ns, "delta"), "must be off or fossil, got '" + delta + "'");
            }
            defaults.delta(delta.equals("fossil"));
        }
        defaults.presence(values.bool(key(ns, "presence"), defaults.presence()))
                .joinLeave(values.bool(key(ns, "join-leave"), defaults.joinLeave()))
                .clientPresence(values.bool(key(ns, "client-presence"), defaults.clientPresence()))
                .clientHistory(values.bool(key(ns, "client-history"), defaults.clientHistory()))
                .subscribeHook(values.bool(key(ns, "subscribe-hook"), defaults.subscribeHook()))
                .publishHook(values.bool(key(ns, "publish-hook"), defaults.publishHook()));
        try {
            return defaults.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(PREFIX + ns, e.getMessage());
        }
    }

    private static String key(String ns, String option) {
        return PREFIX + ns + "." + option;
    }

    private static SettingKey key(String option, String defaultValue, String meaning) {
        return new SettingKey(PREFIX + PLACEHOLDER + "." + option, defaultValue, meaning);
    }

    /** Settings are equal when they configure the same namespaces the same way (what {@code config check} compares). */
    @Override
    public boolean equals(Object o) {
        return o instanceof NamespaceSettings other && legacyHistory.equals(other.legacyHistory)
                && resolved().equals(other.resolved());
    }

    @Override
    public int hashCode() {
        return resolved().hashCode();
    }

    @Override
    public String toString() {
        return "NamespaceSettings" + resolved().values();
    }

    private Map<String, Namespace> resolved() {
        Map<String, Namespace> out = new java.util.TreeMap<>();
        for (String ns : configured()) {
            out.put(ns, apply(Namespace.builder(ns)));
        }
        return out;
    }
}

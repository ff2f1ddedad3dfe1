package io.switchboard.server.hooks;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the backend's hooks are and how the node calls them.
 *
 * @param connectUrl          asked whether a client may connect, and who it is; null for no connect hook
 * @param refreshUrl          asked when a connection the connect hook granted expires; null: it closes with 4002
 * @param subscribeUrl        asked before a subscription in a namespace with the subscribe hook on
 * @param publishUrl          asked before a client's publication in a namespace with the publish hook on
 * @param rpcUrl              answers the {@code rpc} command; null: {@code rpc} is {@code not_found}
 * @param timeout             how long one call may take, its retry included; past it the client gets a temporary error
 * @param maxInFlight         calls in flight at once on this node; one more is refused with {@code unavailable}
 * @param headers             names of the client's handshake headers passed on to every hook (lower case)
 */
public record HookSettings(String connectUrl, String refreshUrl, String subscribeUrl, String publishUrl, String rpcUrl,
                           Duration timeout, int maxInFlight, List<String> headers) {
    /** Headers that describe the client's own connection to us, not who it is: never passed on. */
    private static final Set<String> NOT_PASSED = Set.of("host", "content-length", "content-type", "connection",
            "transfer-encoding", "upgrade", "keep-alive", "te", "trailer", "expect");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");

    /** The settings this record reads, with their defaults and meanings. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("hook-connect-url", null, "backend URL asked (POST JSON) whether a client may connect and who it is; a client without a token is then let in if the backend names its user; unset: tokens only"),
            new SettingKey("hook-refresh-url", null, "backend URL asked when a connection the connect hook gave an expire_at expires; unset: it closes with 4002"),
            new SettingKey("hook-subscribe-url", null, "backend URL asked before a subscription in the namespaces with namespace.<ns>.subscribe-hook=true"),
            new SettingKey("hook-publish-url", null, "backend URL asked before a client's publication in the namespaces with namespace.<ns>.publish-hook=true; may replace the payload"),
            new SettingKey("hook-rpc-url", null, "backend URL that answers the rpc command; unset: rpc is not_found"),
            new SettingKey("hook-timeout", "5s", "how long one hook call may take, retry included; past it the client gets unavailable (connect: close 1013)"),
            new SettingKey("hook-max-in-flight", "256", "hook calls in flight at once on this node; one more gets unavailable at once (connect: close 1013)"),
            new SettingKey("hook-headers", null, "names of the client's handshake headers passed on to every hook, comma-separated, e.g. Cookie,User-Agent; unset: none"));

    /** The names of {@link #DECLARED}. */
    public static final List<String> KEYS = SettingKey.names(DECLARED);

    /** Reads and validates its keys; throws {@link InvalidSettingException} naming the first bad one. */
    public static HookSettings from(SettingValues v) {
        String example = "http://127.0.0.1:8000/switchboard/connect";
        HookSettings s = new HookSettings(v.httpUrl("hook-connect-url", example), v.httpUrl("hook-refresh-url", example),
                v.httpUrl("hook-subscribe-url", example), v.httpUrl("hook-publish-url", example),
                v.httpUrl("hook-rpc-url", example), v.duration("hook-timeout", Duration.ofSeconds(5), Duration.ofMillis(10)),
                v.integer("hook-max-in-flight", 256, 1, 100_000), headers(v.list("hook-headers")));
        return s;
    }

    /** Whether any hook is configured. */
    public boolean any() {
        return connectUrl != null || refreshUrl != null || subscribeUrl != null || publishUrl != null || rpcUrl != null;
    }

    private static List<String> headers(List<String> names) {
        for (String name : names) {
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new InvalidSettingException("hook-headers", "'" + name + "' is not a header name");
            }
            if (NOT_PASSED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new InvalidSettingException("hook-headers", name + " describes the connection, not the client; it is never passed on");
            }
        }
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().toList();
    }
}

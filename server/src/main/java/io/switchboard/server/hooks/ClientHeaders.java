package io.switchboard.server.hooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's handshake headers that {@code hook-headers} names, as sent (several lines of one name joined with
 * {@code ", "}, as HTTP allows; Cookie with {@code "; "}), passed on to every hook of its connection.
 *
 * @param values lower-case name to value
 */
public record ClientHeaders(Map<String, String> values) {
    /** Copies the map. */
    public ClientHeaders {
        values = Map.copyOf(values);
    }

    /** The headers of {@code handshake} that {@code names} lists (lower case). */
    public static ClientHeaders pick(java.util.function.Function<String, List<String>> handshake, List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            List<String> lines = handshake.apply(name);
            if (!lines.isEmpty()) {
                out.put(name, String.join(name.equals("cookie") ? "; " : ", ", lines));
            }
        }
        return new ClientHeaders(out);
    }
}

package io.switchboard.client.internal;

import java.util.Objects;
import okhttp3.HttpUrl;

/** The server's base URL as the builders take it. Not part of the API. */
public final class ServerUrl {
    private ServerUrl() {
    }

    /**
     * {@code http(s)://} or {@code ws(s)://} (read as http(s)), with a trailing slash added so that paths resolve
     * below it; an IllegalArgumentException naming what was given otherwise.
     */
    public static HttpUrl parse(String serverUrl) {
        Objects.requireNonNull(serverUrl, "serverUrl");
        String url = serverUrl.startsWith("ws://") ? "http://" + serverUrl.substring(5)
                : serverUrl.startsWith("wss://") ? "https://" + serverUrl.substring(6) : serverUrl;
        HttpUrl parsed = HttpUrl.parse(url.endsWith("/") ? url : url + "/");
        if (parsed == null) {
            throw new IllegalArgumentException("serverUrl must be an http(s):// or ws(s):// URL, got " + serverUrl);
        }
        return parsed;
    }
}

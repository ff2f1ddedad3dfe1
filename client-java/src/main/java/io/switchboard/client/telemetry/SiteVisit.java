package io.switchboard.client.telemetry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.time.Instant;
import java.util.Objects;

/** One entry of {@link SiteAccess}: {@code {timestamp, url, accessed}}; {@code accessed} is false when the site was blocked. */
public final class SiteVisit {
    /** The longest URL the server stores. */
    public static final int MAX_URL = 2048;

    private final Instant timestamp;
    private final String url;
    private final boolean accessed;

    private SiteVisit(Instant timestamp, String url, boolean accessed) {
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(url, "url");
        String u = url.trim();
        if (u.isEmpty() || u.length() > MAX_URL) {
            throw new IllegalArgumentException("url must be 1 to " + MAX_URL + " characters, got " + u.length());
        }
        for (int i = 0; i < u.length(); i++) {
            if (Character.isISOControl(u.charAt(i))) {
                throw new IllegalArgumentException("url must not contain control characters");
            }
        }
        this.url = u;
        this.accessed = accessed;
    }

    /** A visit ({@code accessed} true) or a block ({@code accessed} false) of {@code url} at {@code timestamp}. */
    public static SiteVisit of(Instant timestamp, String url, boolean accessed) {
        return new SiteVisit(timestamp, url, accessed);
    }

    /** When. */
    public Instant timestamp() {
        return timestamp;
    }

    /** The URL, trimmed. */
    public String url() {
        return url;
    }

    /** False when the site was blocked. */
    public boolean accessed() {
        return accessed;
    }

    ObjectNode toJson() {
        return Json.object().put("timestamp", timestamp.toString()).put("url", url).put("accessed", accessed);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SiteVisit)) {
            return false;
        }
        SiteVisit v = (SiteVisit) o;
        return timestamp.equals(v.timestamp) && url.equals(v.url) && accessed == v.accessed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, url, accessed);
    }

    @Override
    public String toString() {
        return "SiteVisit{" + timestamp + ", " + url + ", " + (accessed ? "accessed" : "blocked") + "}";
    }
}

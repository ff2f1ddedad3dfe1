package io.switchboard.client.telemetry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Site visits and blocks: {@code site_access {logs: [{timestamp, url, accessed}]}}, 1 to 1,000 entries. Immutable. */
public final class SiteAccess implements Telemetry {
    /** The message type. */
    public static final String TYPE = "site_access";
    /** The most entries one message may carry. */
    public static final int MAX_LOGS = 1000;

    private final List<SiteVisit> logs;

    private SiteAccess(List<SiteVisit> logs) {
        if (logs.isEmpty() || logs.size() > MAX_LOGS) {
            throw new IllegalArgumentException("logs must hold 1 to " + MAX_LOGS + " entries, got " + logs.size());
        }
        for (SiteVisit v : logs) {
            if (v == null) {
                throw new IllegalArgumentException("logs must not contain null");
            }
        }
        this.logs = Collections.unmodifiableList(new ArrayList<>(logs));
    }

    /** A message of these entries, in order. */
    public static SiteAccess of(List<SiteVisit> logs) {
        return new SiteAccess(logs);
    }

    /** A message of these entries, in order. */
    public static SiteAccess of(SiteVisit... logs) {
        return new SiteAccess(Arrays.asList(logs));
    }

    /** The entries. */
    public List<SiteVisit> logs() {
        return logs;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ObjectNode toData() {
        ObjectNode data = Json.object();
        ArrayNode array = data.putArray("logs");
        for (SiteVisit v : logs) {
            array.add(v.toJson());
        }
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SiteAccess && logs.equals(((SiteAccess) o).logs);
    }

    @Override
    public int hashCode() {
        return logs.hashCode();
    }

    @Override
    public String toString() {
        return "SiteAccess" + logs;
    }
}

package io.switchboard.server.apps.ingest;

import java.util.List;

/** The message types of the device sockets ({@code /ws/ingest/…}) and of {@code POST /api/ingest/}. */
public final class IngestTypes {
    /** Device to server on {@code /ws/ingest-auth/}, first and only once: {@code {child_hash}}. */
    public static final String AUTH = "auth";
    /** Device to server: {@code {date, total_screen_time, app_wise_data: {package: {hour: seconds}}}}. */
    public static final String SCREEN_TIME = "screen_time";
    /** Device to server: {@code {timestamp, latitude, longitude}}. */
    public static final String LOCATION = "location";
    /** Device to server: {@code {logs: [{timestamp, url, accessed}]}}. */
    public static final String SITE_ACCESS = "site_access";
    /** The three data types, in the order the docs list them. */
    public static final List<String> DATA = List.of(SCREEN_TIME, LOCATION, SITE_ACCESS);

    private IngestTypes() {
    }
}

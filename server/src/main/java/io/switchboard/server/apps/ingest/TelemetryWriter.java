package io.switchboard.server.apps.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.store.BatchWork;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stores validated messages, idempotently: screen time is upserted on (child, day) and its entries on
 * (day row, app, hour); locations and site visits are inserted unless their natural key is already there. Each
 * write returns the event to publish on the child's channel: what is new, or null when the message was a
 * duplicate (a resend after a lost ack) and there is nothing new to show.
 */
final class TelemetryWriter implements BatchWork<TelemetryWriter.Submission, TelemetryWriter.Stored> {
    /**
     * One message for one child.
     *
     * @param childId the child
     * @param message the validated message
     */
    record Submission(long childId, IngestMessage message) {
    }

    /**
     * What was stored.
     *
     * @param event the data to publish (the message as stored, only its new parts), or null when nothing was new
     */
    record Stored(ObjectNode event) {
    }

    private final AppCatalog apps = new AppCatalog();

    @Override
    public void prepare(Connection c, List<Submission> items) throws SQLException {
        Set<String> packages = new TreeSet<>();
        for (Submission s : items) {
            if (s.message() instanceof IngestMessage.ScreenTime st) {
                packages.addAll(st.apps().keySet());
            }
        }
        if (!packages.isEmpty()) {
            apps.ensure(c, packages);
        }
    }

    @Override
    public List<Stored> write(Connection c, List<Submission> items) throws SQLException {
        Stored[] out = new Stored[items.size()];
        List<Integer> locations = new ArrayList<>();
        List<Integer> sites = new ArrayList<>();
        List<Integer> screens = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            IngestMessage m = items.get(i).message();
            (m instanceof IngestMessage.Location ? locations : m instanceof IngestMessage.SiteAccess ? sites : screens).add(i);
        }
        // One JDBC batch per table: one prepared statement and, on PostgreSQL, one round trip for all the rows.
        // Rows of different tables do not interact, so the order between tables does not matter; within a table
        // the batch keeps the order sent (a resend in the same batch finds the first one and inserts nothing).
        if (!locations.isEmpty()) {
            locations(c, items, locations, out);
        }
        if (!sites.isEmpty()) {
            siteAccess(c, items, sites, out);
        }
        if (!screens.isEmpty()) {
            screenTime(c, items, screens, out);
        }
        return Arrays.asList(out);
    }

    /**
     * When a report of a day replaces the stored one: when it is newer by the device's clock ({@code reported_at}), or,
     * when either lacks that, when its total is not lower (a device's total for a day only grows, so a lower one is
     * an older report sent again).
     */
    static final String NEWER = "(CASE WHEN excluded.reported_at IS NOT NULL AND screen_time.reported_at IS NOT NULL "
            + "THEN excluded.reported_at > screen_time.reported_at ELSE excluded.total_seconds >= screen_time.total_seconds END)";

    private void screenTime(Connection c, List<Submission> items, List<Integer> which, Stored[] out) throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement day = c.prepareStatement(
                "INSERT INTO screen_time (child_id, day, total_seconds, updated_at, reported_at) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (child_id, day) DO UPDATE SET total_seconds = excluded.total_seconds, "
                        + "updated_at = excluded.updated_at, reported_at = excluded.reported_at WHERE " + NEWER);
             PreparedStatement id = c.prepareStatement("SELECT id FROM screen_time WHERE child_id = ? AND day = ?");
             PreparedStatement entry = c.prepareStatement(
                     "INSERT INTO app_screen_time (screen_time_id, app_id, hour, seconds) VALUES (?, ?, ?, ?) "
                             + "ON CONFLICT (screen_time_id, app_id, hour) DO UPDATE SET seconds = excluded.seconds")) {
            for (int i : which) {
                long childId = items.get(i).childId();
                IngestMessage.ScreenTime st = (IngestMessage.ScreenTime) items.get(i).message();
                String date = st.date().toString();
                day.setLong(1, childId);
                day.setString(2, date);
                day.setInt(3, st.total());
                day.setLong(4, now);
                if (st.reportedAt() != null) {
                    day.setLong(5, st.reportedAt());
                } else {
                    day.setNull(5, java.sql.Types.BIGINT);
                }
                if (day.executeUpdate() == 0) {
                    // An older report of the day (a resend whose ack was lost, after a newer one): acked, not stored.
                    out[i] = new Stored(null);
                    continue;
                }
                long rowId;
                id.setLong(1, childId);
                id.setString(2, date);
                try (ResultSet rs = id.executeQuery()) {
                    rs.next();
                    rowId = rs.getLong(1);
                }
                if (!st.apps().isEmpty()) {
                    for (Map.Entry<String, Map<Integer, Integer>> app : st.apps().entrySet()) {
                        long appId = apps.id(c, app.getKey());
                        for (Map.Entry<Integer, Integer> hour : app.getValue().entrySet()) {
                            entry.setLong(1, rowId);
                            entry.setLong(2, appId);
                            entry.setInt(3, hour.getKey());
                            entry.setInt(4, hour.getValue());
                            entry.addBatch();
                        }
                    }
                    entry.executeBatch();
                }
                ObjectNode event = Json.object();
                event.put("date", date);
                event.put("total_screen_time", st.total());
                ObjectNode appData = event.putObject("app_wise_data");
                st.apps().forEach((pkg, hours) -> {
                    ObjectNode h = appData.putObject(pkg);
                    hours.forEach((hour, seconds) -> h.put(String.valueOf(hour), seconds));
                });
                out[i] = new Stored(event);
            }
        }
    }

    private static void locations(Connection c, List<Submission> items, List<Integer> which, Stored[] out) throws SQLException {
        int[] counts;
        long now = System.currentTimeMillis();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO location_history (child_id, recorded_at, latitude, longitude, created_at) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (child_id, recorded_at, latitude, longitude) DO NOTHING")) {
            for (int i : which) {
                IngestMessage.Location l = (IngestMessage.Location) items.get(i).message();
                ps.setLong(1, items.get(i).childId());
                ps.setLong(2, l.at());
                ps.setDouble(3, l.latitude());
                ps.setDouble(4, l.longitude());
                ps.setLong(5, now);
                ps.addBatch();
            }
            counts = ps.executeBatch();
        }
        for (int k = 0; k < which.size(); k++) {
            int i = which.get(k);
            if (!inserted(counts, k)) {
                out[i] = new Stored(null);
                continue;
            }
            IngestMessage.Location l = (IngestMessage.Location) items.get(i).message();
            ObjectNode event = Json.object();
            event.put("timestamp", Instant.ofEpochMilli(l.at()).toString());
            event.put("latitude", l.latitude());
            event.put("longitude", l.longitude());
            out[i] = new Stored(event);
        }
    }

    private static void siteAccess(Connection c, List<Submission> items, List<Integer> which, Stored[] out) throws SQLException {
        int[] counts;
        long now = System.currentTimeMillis();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO site_access_log (child_id, accessed_at, url, url_sha256, accessed, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (child_id, accessed_at, url_sha256) DO NOTHING")) {
            for (int i : which) {
                for (IngestMessage.Visit v : ((IngestMessage.SiteAccess) items.get(i).message()).logs()) {
                    ps.setLong(1, items.get(i).childId());
                    ps.setLong(2, v.at());
                    ps.setString(3, v.url());
                    ps.setString(4, sha256(v.url()));
                    ps.setBoolean(5, v.accessed());
                    ps.setLong(6, now);
                    ps.addBatch();
                }
            }
            counts = ps.executeBatch();
        }
        int row = 0;
        for (int i : which) {
            ObjectNode event = Json.object();
            ArrayNode logs = event.putArray("logs");
            for (IngestMessage.Visit v : ((IngestMessage.SiteAccess) items.get(i).message()).logs()) {
                if (inserted(counts, row++)) {
                    logs.addObject().put("timestamp", Instant.ofEpochMilli(v.at()).toString())
                            .put("url", v.url()).put("accessed", v.accessed());
                }
            }
            out[i] = new Stored(logs.isEmpty() ? null : event);
        }
    }

    private static boolean inserted(int[] counts, int k) {
        return k < counts.length && (counts[k] > 0 || counts[k] == Statement.SUCCESS_NO_INFO);
    }

    /** The URL's SHA-256 in hex: the natural key's stand-in for a URL of any length. */
    static String sha256(String url) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

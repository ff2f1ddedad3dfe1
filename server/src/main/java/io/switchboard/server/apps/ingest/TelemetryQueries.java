package io.switchboard.server.apps.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parent's reads, one page at a time (keyset pagination, so a page costs the same however deep it is): each
 * answer is {@code {"results": [...], "next_cursor": "…" or null}}, with results in the seed's shapes.
 */
final class TelemetryQueries {
    private TelemetryQueries() {
    }

    /** Locations of a child in the query's range, by time. */
    static ObjectNode locations(Connection c, long childId, ReadQuery q) throws SQLException {
        return byTime(c, "location_history", "recorded_at", "latitude, longitude", childId, q, (rs, o) -> o
                .put("latitude", rs.getDouble(3)).put("longitude", rs.getDouble(4)));
    }

    /** Site visits and blocks of a child in the query's range, by time. */
    static ObjectNode siteAccess(Connection c, long childId, ReadQuery q) throws SQLException {
        return byTime(c, "site_access_log", "accessed_at", "url, accessed", childId, q, (rs, o) -> o
                .put("url", rs.getString(3)).put("accessed", rs.getBoolean(4)));
    }

    private interface Columns {
        void read(ResultSet rs, ObjectNode into) throws SQLException;
    }

    private static ObjectNode byTime(Connection c, String table, String time, String columns, long childId, ReadQuery q,
                                     Columns read) throws SQLException {
        long[] after = q.timeCursor();
        String cmp = q.descending() ? "<" : ">";
        String sql = "SELECT id, " + time + ", " + columns + " FROM " + table + " WHERE child_id = ? AND " + time + " >= ? AND "
                + time + " < ?" + (after == null ? "" : " AND (" + time + " " + cmp + " ? OR (" + time + " = ? AND id " + cmp + " ?))")
                + " ORDER BY " + time + (q.descending() ? " DESC" : "") + ", id" + (q.descending() ? " DESC" : "") + " LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, childId);
            ps.setLong(i++, q.fromMillis());
            ps.setLong(i++, q.toMillis());
            if (after != null) {
                ps.setLong(i++, after[0]);
                ps.setLong(i++, after[0]);
                ps.setLong(i++, after[1]);
            }
            ps.setInt(i, q.limit());
            ObjectNode page = Json.object();
            ArrayNode results = page.putArray("results");
            String next = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode o = results.addObject();
                    o.put("timestamp", Instant.ofEpochMilli(rs.getLong(2)).toString());
                    read.read(rs, o);
                    next = rs.getLong(2) + "." + rs.getLong(1);
                }
            }
            return finish(page, results.size() == q.limit() ? next : null);
        }
    }

    /** Screen time of a child, one result per day with its per-app, per-hour entries. */
    static ObjectNode screenTime(Connection c, long childId, ReadQuery q) throws SQLException {
        String after = q.dayCursor();
        String cmp = q.descending() ? "<" : ">";
        Map<Long, ObjectNode> days = new LinkedHashMap<>();
        ObjectNode page = Json.object();
        ArrayNode results = page.putArray("results");
        String last = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, day, total_seconds FROM screen_time WHERE child_id = ? AND day >= ? "
                + "AND day <= ?" + (after == null ? "" : " AND day " + cmp + " ?") + " ORDER BY day" + (q.descending() ? " DESC" : "")
                + " LIMIT ?")) {
            int i = 1;
            ps.setLong(i++, childId);
            ps.setString(i++, q.fromDay());
            ps.setString(i++, q.toDay());
            if (after != null) {
                ps.setString(i++, after);
            }
            ps.setInt(i, q.limit());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode day = results.addObject();
                    day.put("date", rs.getString(2));
                    day.put("total_screen_time", rs.getInt(3));
                    day.putObject("app_wise_data");
                    days.put(rs.getLong(1), day);
                    last = rs.getString(2);
                }
            }
        }
        List<Long> ids = new ArrayList<>(days.keySet());
        for (int from = 0; from < ids.size(); from += 200) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 200));
            try (PreparedStatement ps = c.prepareStatement("SELECT a.screen_time_id, m.package_name, a.hour, a.seconds "
                    + "FROM app_screen_time a JOIN mobile_apps m ON m.id = a.app_id WHERE a.screen_time_id IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ") ORDER BY m.package_name, a.hour")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ObjectNode apps = (ObjectNode) days.get(rs.getLong(1)).get("app_wise_data");
                        ObjectNode hours = apps.has(rs.getString(2)) ? (ObjectNode) apps.get(rs.getString(2)) : apps.putObject(rs.getString(2));
                        hours.put(String.valueOf(rs.getInt(3)), rs.getInt(4));
                    }
                }
            }
        }
        return finish(page, results.size() == q.limit() ? last : null);
    }

    private static ObjectNode finish(ObjectNode page, String next) {
        if (next == null) {
            page.putNull("next_cursor");
        } else {
            page.put("next_cursor", next);
        }
        return page;
    }
}

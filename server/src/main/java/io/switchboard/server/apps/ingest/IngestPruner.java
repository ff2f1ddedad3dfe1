package io.switchboard.server.apps.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rolling window: deletes telemetry older than a cutoff. It deletes in chunks, each its own short
 * transaction, so that a large backlog never holds the write lock (SQLite) or a long transaction (PostgreSQL)
 * while devices keep writing. Idempotent: several nodes may run it at once.
 */
public final class IngestPruner {
    /** Rows deleted per statement. */
    static final int CHUNK = 5000;

    /**
     * What one run deleted.
     *
     * @param locations      location rows
     * @param siteAccess     site-access rows
     * @param screenTimeDays screen-time days (with their per-app entries)
     */
    public record Result(long locations, long siteAccess, long screenTimeDays) {
        @Override
        public String toString() {
            return locations + " locations, " + siteAccess + " site accesses, " + screenTimeDays + " screen-time days";
        }
    }

    private IngestPruner() {
    }

    /** Deletes what happened before {@code cutoff} (screen-time days before the cutoff's UTC day). Blocking; auto-commit on. */
    public static Result prune(Connection c, Instant cutoff) throws SQLException {
        long millis = cutoff.toEpochMilli();
        long locations = deleteOlder(c, "location_history", "recorded_at", millis);
        long sites = deleteOlder(c, "site_access_log", "accessed_at", millis);
        String day = LocalDate.ofInstant(cutoff, ZoneOffset.UTC).toString();
        long days = 0;
        while (true) {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM screen_time WHERE day < ? LIMIT " + CHUNK)) {
                ps.setString(1, day);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                break;
            }
            for (int from = 0; from < ids.size(); from += 500) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
                deleteIds(c, "DELETE FROM app_screen_time WHERE screen_time_id IN (" + marks + ")", chunk);
                days += deleteIds(c, "DELETE FROM screen_time WHERE id IN (" + marks + ")", chunk);
            }
            if (ids.size() < CHUNK) {
                break;
            }
        }
        return new Result(locations, sites, days);
    }

    private static long deleteOlder(Connection c, String table, String column, long millis) throws SQLException {
        long total = 0;
        while (true) {
            int n;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
                    + " WHERE " + column + " < ? LIMIT " + CHUNK + ")")) {
                ps.setLong(1, millis);
                n = ps.executeUpdate();
            }
            total += n;
            if (n < CHUNK) {
                return total;
            }
        }
    }

    private static int deleteIds(Connection c, String sql, List<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            return ps.executeUpdate();
        }
    }
}

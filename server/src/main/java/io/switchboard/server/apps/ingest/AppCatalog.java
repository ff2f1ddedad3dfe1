package io.switchboard.server.apps.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code mobile_apps} catalogue: package name to id, each created the first time a phone reports it. Ids
 * are cached (bounded); only ids of committed rows ever enter the cache.
 */
final class AppCatalog {
    private static final int MAX_CACHED = 20_000;
    private static final int CHUNK = 200;
    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    /**
     * Creates the packages not seen yet, with auto-commit on. Inserting in sorted order means two writers that
     * meet the same new packages take their locks in the same order and cannot deadlock.
     */
    void ensure(Connection c, Collection<String> packages) throws SQLException {
        TreeSet<String> missing = new TreeSet<>();
        for (String p : packages) {
            if (!ids.containsKey(p)) {
                missing.add(p);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO mobile_apps (package_name, created_at) VALUES (?, ?) ON CONFLICT (package_name) DO NOTHING")) {
            for (String p : missing) {
                ps.setString(1, p);
                ps.setLong(2, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        List<String> all = new ArrayList<>(missing);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, package_name FROM mobile_apps WHERE package_name IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        remember(rs.getString(2), rs.getLong(1));
                    }
                }
            }
        }
    }

    /** The id of a package that {@link #ensure} created (from the cache, or read again if it was evicted). */
    long id(Connection c, String pkg) throws SQLException {
        Long id = ids.get(pkg);
        if (id != null) {
            return id;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM mobile_apps WHERE package_name = ?")) {
            ps.setString(1, pkg);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("app " + pkg + " is not in the catalogue");
                }
                return rs.getLong(1);
            }
        }
    }

    private void remember(String pkg, long id) {
        if (ids.size() >= MAX_CACHED) {
            ids.clear();
        }
        ids.put(pkg, id);
    }
}

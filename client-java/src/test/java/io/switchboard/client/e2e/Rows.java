package io.switchboard.client.e2e;

/** What the end-to-end tests read back from the node's database. */
final class Rows {
    private Rows() {
    }

    /** The single number {@code sql} returns for a child id. */
    static long count(IngestNode node, String sql, long childId) {
        return node.sql(c -> {
            try (var ps = c.prepareStatement(sql)) {
                ps.setLong(1, childId);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The child's location rows. */
    static long locations(IngestNode node, long childId) {
        return count(node, "SELECT COUNT(*) FROM location_history WHERE child_id = ?", childId);
    }
}

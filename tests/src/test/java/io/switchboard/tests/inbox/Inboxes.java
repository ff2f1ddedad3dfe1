package io.switchboard.tests.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/** Helpers for the inbox tests: emit and wait for the commit, read the stored statuses. */
final class Inboxes {
    private Inboxes() {
    }

    /** Emits through the node's inbox and waits for the commit; returns the sequence number. */
    static long emit(TestServer server, String user, String type, JsonNode data) {
        try {
            return server.switchboard().inbox().emit(user, type, data).await(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the emit was not committed within 10 s", e);
        }
    }

    /** Emits {@code count} events {@code {"i": n}} through the node's inbox and waits until all are committed. */
    static void emitMany(TestServer server, String user, int from, int count) {
        java.util.List<io.vertx.core.Future<Long>> all = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            all.add(server.switchboard().inbox().emit(user, "tick", io.switchboard.protocol.Json.object().put("i", i)));
        }
        try {
            io.vertx.core.Future.all(all).await(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the emits were not committed within 60 s", e);
        }
    }

    /** 1..n as a list of longs. */
    static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** The statuses of a user's events in sequence order (waits briefly for the sent marks to be written). */
    static List<String> statuses(TestServer server, String user) {
        sleep(600);
        List<String> out = new ArrayList<>();
        try (Connection c = server.switchboard().database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status FROM user_events WHERE user_id = ? ORDER BY seq")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return out;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

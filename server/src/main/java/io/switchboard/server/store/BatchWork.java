package io.switchboard.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What a {@link BatchWriter} does with its items. Both methods run on the writer's own thread, never on an event
 * loop, and may block.
 *
 * @param <T> an item: one message to store, already validated
 * @param <R> what storing one item gives back (for the ack and anything published after the commit)
 */
public interface BatchWork<T, R> {
    /**
     * Runs once per batch before its transaction, with auto-commit on: creates, idempotently, the shared rows the
     * items refer to (a catalogue entry seen for the first time). Committed at once, so a batch that later rolls
     * back leaves nothing here that could be wrong. Nothing by default.
     */
    default void prepare(Connection c, List<T> items) throws SQLException {
    }

    /**
     * Writes the items, in order, inside one transaction, and returns one result per item in the same order. Writing
     * them together lets an implementation use one JDBC batch per statement (one round trip for many rows) instead of
     * a statement per item.
     *
     * <p>Must be safe to run again after a rollback (upserts and natural keys): when it throws, the batch is rolled
     * back and each item is written again alone, in its own transaction, so that only the item at fault fails. Throw
     * a {@link io.switchboard.protocol.ProtocolException} to refuse an item with a code; any other failure of an item
     * written alone fails it as {@code internal} (or {@code unavailable} when the database is).
     */
    List<R> write(Connection c, List<T> items) throws SQLException;
}

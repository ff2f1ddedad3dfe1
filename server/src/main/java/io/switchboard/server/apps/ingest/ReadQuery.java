package io.switchboard.server.apps.ingest;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.validation.QueryParams;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The query of a parent's read: {@code from} and {@code to}, {@code limit}, {@code cursor} and {@code order}.
 *
 * <p>{@code from} and {@code to} take an ISO-8601 time with a zone or a date (a UTC day). {@code from} is
 * inclusive; {@code to} is exclusive for a time and inclusive for a date (the whole day). For screen time they are
 * days, both inclusive.
 *
 * @param fromMillis first instant included (epoch milliseconds)
 * @param toMillis   first instant excluded
 * @param fromDay    first day included (YYYY-MM-DD)
 * @param toDay      last day included
 * @param limit      page size
 * @param cursor     the {@code next_cursor} of the previous page, or null
 * @param descending newest first
 */
record ReadQuery(long fromMillis, long toMillis, String fromDay, String toDay, int limit, String cursor, boolean descending) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    static ReadQuery of(RoutingContext ctx) {
        QueryParams query = QueryParams.of(ctx.request());
        String from = query.text("from");
        String to = query.text("to");
        long fromMillis = from == null || from.isEmpty() ? Long.MIN_VALUE : instant(from, "from", false);
        long toMillis = to == null || to.isEmpty() ? Long.MAX_VALUE : instant(to, "to", true);
        String fromDay = from == null || from.isEmpty() ? "0000-01-01" : day(from, "from");
        String toDay = to == null || to.isEmpty() ? "9999-12-31" : day(to, "to");
        int limit = (int) query.wholeNumber("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String cursor = query.text("cursor");
        if (cursor != null && (cursor.isEmpty() || cursor.length() > 64)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "cursor must be a next_cursor from a previous page", "cursor");
        }
        boolean descending = query.oneOf("order", "asc", "asc", "desc").equals("desc");
        return new ReadQuery(fromMillis, toMillis, fromDay, toDay, limit, cursor, descending);
    }

    private static long instant(String text, String field, boolean end) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            LocalDate day = date(text, field);
            return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
    }

    private static String day(String text, String field) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).withOffsetSameInstant(ZoneOffset.UTC)
                    .toLocalDate().toString();
        } catch (DateTimeParseException e) {
            return date(text, field).toString();
        }
    }

    private static LocalDate date(String text, String field) {
        try {
            return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    field + " must be a date (2025-12-10) or a time with a zone (2025-12-10T10:30:00Z)", field);
        }
    }

    /** A cursor of a time-ordered table: {@code <epoch millis>.<row id>}. */
    long[] timeCursor() {
        if (cursor == null) {
            return null;
        }
        int dot = cursor.indexOf('.');
        try {
            return new long[] {Long.parseLong(cursor.substring(0, dot)), Long.parseLong(cursor.substring(dot + 1))};
        } catch (RuntimeException e) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "cursor must be a next_cursor from a previous page", "cursor");
        }
    }

    /** A cursor of screen time: the last day of the previous page. */
    String dayCursor() {
        if (cursor == null) {
            return null;
        }
        try {
            return LocalDate.parse(cursor, DateTimeFormatter.ISO_LOCAL_DATE).toString();
        } catch (DateTimeParseException e) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "cursor must be a next_cursor from a previous page", "cursor");
        }
    }
}

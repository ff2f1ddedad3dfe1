package io.switchboard.server.apps.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** One validated telemetry message, the same whether it came over a socket or over HTTP. */
sealed interface IngestMessage {
    /** The message type it was sent as. */
    String type();

    /**
     * A day's screen time: the total, and seconds per app per hour.
     *
     * @param date  the child's calendar day
     * @param total seconds, 0 to 86,400
     * @param apps  package name to hour (0–23) to seconds (0–3,600), in the order sent
     */
    /**
     * A day's screen time; {@code reportedAt} (epoch ms, null when the device did not say) is when the device made the
     * report, by its own clock: what decides which of two reports of a day is the newer.
     */
    record ScreenTime(LocalDate date, int total, Map<String, Map<Integer, Integer>> apps, Long reportedAt)
            implements IngestMessage {
        @Override
        public String type() {
            return IngestTypes.SCREEN_TIME;
        }
    }

    /**
     * One position fix.
     *
     * @param at        when, epoch milliseconds
     * @param latitude  -90 to 90
     * @param longitude -180 to 180
     */
    record Location(long at, double latitude, double longitude) implements IngestMessage {
        @Override
        public String type() {
            return IngestTypes.LOCATION;
        }
    }

    /**
     * Site visits and blocks.
     *
     * @param logs 1 to 1,000 entries
     */
    record SiteAccess(List<Visit> logs) implements IngestMessage {
        @Override
        public String type() {
            return IngestTypes.SITE_ACCESS;
        }
    }

    /**
     * One entry of {@link SiteAccess}.
     *
     * @param at       when, epoch milliseconds
     * @param url      at most 2,048 characters
     * @param accessed false when the site was blocked
     */
    record Visit(long at, String url, boolean accessed) {
    }
}

package io.switchboard.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The seed's three messages, written as text for one device: every message is new (its own timestamp), so each
 * ack stands for rows actually inserted, not a duplicate skipped.
 */
final class TelemetryFrames {
    /** Which messages a device sends. */
    enum Mix {
        /** Only {@code location}: the most frequent message of a phone. */
        LOCATION,
        /** 85% location, 10% site_access (5 logs), 5% screen_time (3 apps), like a day of a phone's traffic. */
        MIXED
    }

    private final Mix mix;
    private final long baseMillis;
    private final double longitude;
    private final String today = LocalDate.now(ZoneOffset.UTC).toString();

    /** Frames of device number {@code device}; times start six hours ago and advance a millisecond per message. */
    TelemetryFrames(Mix mix, int device) {
        this.mix = mix;
        this.baseMillis = System.currentTimeMillis() - 6 * 3_600_000L;
        this.longitude = 13.4 + device * 1e-4;
    }

    /** The message with sequence {@code seq} (the envelope id), as a JSON text frame. */
    String frame(long seq) {
        return envelope(seq, new StringBuilder(200)).toString();
    }

    /** The same message, as the body of {@code POST /api/ingest/}. */
    String body(long seq) {
        return frame(seq);
    }

    private StringBuilder envelope(long seq, StringBuilder b) {
        String at = Instant.ofEpochMilli(baseMillis + seq).toString();
        int kind = mix == Mix.LOCATION ? 0 : (int) (seq % 20);
        if (kind == 0 || kind > 3) {
            return b.append("{\"type\":\"location\",\"id\":").append(seq).append(",\"data\":{\"timestamp\":\"").append(at)
                    .append("\",\"latitude\":").append(52.5 + (seq % 10_000) * 1e-5).append(",\"longitude\":").append(longitude)
                    .append("}}");
        }
        if (kind == 1) {
            b.append("{\"type\":\"screen_time\",\"id\":").append(seq).append(",\"data\":{\"date\":\"").append(today)
                    .append("\",\"total_screen_time\":").append(seq % 86_400).append(",\"app_wise_data\":{");
            for (int a = 0; a < 3; a++) {
                b.append(a == 0 ? "" : ",").append("\"com.bench.app").append((seq + a) % 7).append("\":{\"")
                        .append((seq / 20) % 24).append("\":").append(seq % 3_600).append('}');
            }
            return b.append("}}}");
        }
        b.append("{\"type\":\"site_access\",\"id\":").append(seq).append(",\"data\":{\"logs\":[");
        for (int l = 0; l < 5; l++) {
            b.append(l == 0 ? "" : ",").append("{\"timestamp\":\"").append(at).append("\",\"url\":\"https://site")
                    .append(l).append(".example/page/").append(seq).append("\",\"accessed\":").append(l != 4).append('}');
        }
        return b.append("]}}");
    }
}

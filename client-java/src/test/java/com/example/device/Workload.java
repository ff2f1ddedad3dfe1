package com.example.device;

import io.switchboard.client.telemetry.Location;
import io.switchboard.client.telemetry.ScreenTime;
import io.switchboard.client.telemetry.SiteAccess;
import io.switchboard.client.telemetry.SiteVisit;
import io.switchboard.client.telemetry.Telemetry;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The no-loss test's messages: message {@code k} of a device is the same in every process that makes it, and
 * carries {@code k} in what the server stores, so the database can be read back as the sequence it came from.
 * Of every ten: one screen time (day {@code firstDay + k/10}, total {@code k} seconds), six locations (at
 * {@code base + k} seconds), three site accesses (at {@code base + k} seconds, URL ending in {@code /k}).
 */
public final class Workload {
    private final Instant base;
    private final LocalDate firstDay;
    private final int device;

    /** The workload of device {@code device}: times from {@code base}, days from {@code firstDay}. */
    public Workload(Instant base, LocalDate firstDay, int device) {
        this.base = base;
        this.firstDay = firstDay;
        this.device = device;
    }

    /** Message {@code k}. */
    public Telemetry message(int k) {
        int kind = k % 10;
        if (kind == 0) {
            return ScreenTime.builder(firstDay.plusDays(k / 10), k).app("com.example.app" + device, k % 24, k % 3600).build();
        }
        Instant at = base.plusSeconds(k);
        if (kind <= 6) {
            return Location.of(at, device + k * 1e-4, -k * 1e-4);
        }
        return SiteAccess.of(SiteVisit.of(at, "https://example.com/" + device + "/" + k, k % 2 == 0));
    }

    /** The type of message {@code k}. */
    public static String typeOf(int k) {
        int kind = k % 10;
        return kind == 0 ? ScreenTime.TYPE : kind <= 6 ? Location.TYPE : SiteAccess.TYPE;
    }

    /** The {@code k} of a stored time (epoch milliseconds of a location or site access). */
    public int kOfTime(long epochMillis) {
        return (int) ((epochMillis - base.toEpochMilli()) / 1000);
    }
}

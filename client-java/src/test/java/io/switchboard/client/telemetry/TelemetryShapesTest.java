package io.switchboard.client.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.protocol.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The three payloads are exactly the seed's JSON shapes (seed 001, "Message Types Supported"). */
@Timeout(10)
class TelemetryShapesTest {
    @Test
    void screen_time_is_date_total_and_seconds_per_app_per_hour_and_when_it_was_reported() {
        ScreenTime st = ScreenTime.builder(LocalDate.of(2025, 12, 10), 3600).app("com.example.app", 0, 1800)
                .reportedAt(Instant.parse("2025-12-10T18:00:00Z")).build();

        assertThat(st.type()).isEqualTo("screen_time");
        assertThat(Json.write(st.toData()))
                .isEqualTo("{\"date\":\"2025-12-10\",\"total_screen_time\":3600,\"app_wise_data\":{\"com.example.app\":{\"0\":1800}},"
                        + "\"reported_at\":\"2025-12-10T18:00:00Z\"}");
    }

    @Test
    void a_screen_time_report_is_stamped_with_the_devices_clock_when_built() {
        Instant before = Instant.now().minusMillis(1);
        ScreenTime st = ScreenTime.builder(LocalDate.of(2025, 12, 10), 60).build();
        assertThat(st.reportedAt()).isAfter(before).isBeforeOrEqualTo(Instant.now());
        assertThat(st.toData().get("reported_at").asText()).isEqualTo(st.reportedAt().toString());
    }

    @Test
    void location_is_timestamp_latitude_longitude() {
        Location l = Location.of(Instant.parse("2025-12-10T10:30:00Z"), 40.7128, -74.0060);

        assertThat(l.type()).isEqualTo("location");
        assertThat(Json.write(l.toData())).isEqualTo("{\"timestamp\":\"2025-12-10T10:30:00Z\",\"latitude\":40.7128,\"longitude\":-74.006}");
    }

    @Test
    void site_access_is_a_list_of_logs_of_timestamp_url_and_accessed() {
        SiteAccess s = SiteAccess.of(SiteVisit.of(Instant.parse("2025-12-10T10:30:00Z"), "https://example.com", true));

        assertThat(s.type()).isEqualTo("site_access");
        assertThat(Json.write(s.toData()))
                .isEqualTo("{\"logs\":[{\"timestamp\":\"2025-12-10T10:30:00Z\",\"url\":\"https://example.com\",\"accessed\":true}]}");
    }

    @Test
    void values_are_immutable_and_compare_by_content() {
        Instant at = Instant.parse("2025-01-01T20:00:00Z");
        ScreenTime.Builder b = ScreenTime.builder(LocalDate.of(2025, 1, 1), 10).app("a", 1, 5).reportedAt(at);
        ScreenTime first = b.build();
        b.app("a", 2, 5);

        assertThat(first.apps().get("a")).containsOnlyKeys(1);
        assertThat(first).isEqualTo(ScreenTime.builder(LocalDate.of(2025, 1, 1), 10).app("a", 1, 5).reportedAt(at).build());
        assertThatThrownBy(() -> first.apps().put("b", Collections.emptyMap())).isInstanceOf(UnsupportedOperationException.class);
        List<SiteVisit> visits = new ArrayList<>();
        visits.add(SiteVisit.of(Instant.EPOCH, "https://a", true));
        SiteAccess access = SiteAccess.of(visits);
        visits.clear();
        assertThat(access.logs()).hasSize(1);
    }

    @Test
    void what_the_server_would_always_refuse_is_refused_at_construction() {
        assertThatThrownBy(() -> Location.of(Instant.EPOCH, 0, 180.5)).hasMessageContaining("longitude");
        assertThatThrownBy(() -> Location.of(Instant.EPOCH, Double.NaN, 0)).hasMessageContaining("latitude");
        assertThatThrownBy(() -> ScreenTime.builder(LocalDate.EPOCH, -1)).hasMessageContaining("total_screen_time");
        assertThatThrownBy(() -> ScreenTime.builder(LocalDate.EPOCH, 1).app("a", 3, 3601)).hasMessageContaining("seconds");
        assertThatThrownBy(() -> ScreenTime.builder(LocalDate.EPOCH, 1).app("", 3, 1)).hasMessageContaining("package");
        assertThatThrownBy(() -> SiteVisit.of(Instant.EPOCH, "x".repeat(2049), true)).hasMessageContaining("url");
        assertThatThrownBy(() -> SiteVisit.of(Instant.EPOCH, "https://a\nb", true)).hasMessageContaining("control");
        List<SiteVisit> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(SiteVisit.of(Instant.EPOCH, "https://a/" + i, true));
        }
        assertThatThrownBy(() -> SiteAccess.of(tooMany)).hasMessageContaining("1000");
    }
}

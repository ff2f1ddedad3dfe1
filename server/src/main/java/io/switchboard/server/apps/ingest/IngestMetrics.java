package io.switchboard.server.apps.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.protocol.ErrorCode;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The app's meters. Every tag comes from a closed set (three message types, two transports, the error codes),
 * so clients cannot grow the number of series.
 *
 * <ul>
 *   <li>{@code switchboard_ingest_stored_total{type,transport}}: messages committed;</li>
 *   <li>{@code switchboard_ingest_duplicates_total{type,transport}}: of those, resends with nothing new;</li>
 *   <li>{@code switchboard_ingest_rejected_total{code,transport}}: messages refused;</li>
 *   <li>{@code switchboard_ingest_ack_latency_seconds{transport}}: from arrival to commit (the ack follows);</li>
 *   <li>{@code switchboard_ingest_fallback_share}: the share of stored messages that came over HTTP.</li>
 * </ul>
 */
final class IngestMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> stored = new ConcurrentHashMap<>();
    private final Map<String, Counter> duplicates = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<Transport, Timer> latency = new EnumMap<>(Transport.class);
    private final Map<Transport, Counter> storedByTransport = new EnumMap<>(Transport.class);

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Transport t : Transport.values()) {
            latency.put(t, Timer.builder("switchboard_ingest_ack_latency").tag("transport", t.tag())
                    .description("telemetry messages: arrival to commit")
                    .publishPercentiles(0.5, 0.99).register(registry));
            for (String type : IngestTypes.DATA) {
                counter(stored, "switchboard_ingest_stored", "telemetry messages committed", type, t);
            }
            storedByTransport.put(t, Counter.builder("switchboard_ingest_stored_by_transport").tag("transport", t.tag())
                    .description("telemetry messages committed, by transport").register(registry));
        }
        Gauge.builder("switchboard_ingest_fallback_share", this, IngestMetrics::fallbackShare)
                .description("share of committed telemetry messages that came over HTTP (0 to 1)").register(registry);
    }

    void stored(String type, Transport transport, boolean duplicate, long nanos) {
        counter(stored, "switchboard_ingest_stored", "telemetry messages committed", type, transport).increment();
        storedByTransport.get(transport).increment();
        if (duplicate) {
            counter(duplicates, "switchboard_ingest_duplicates", "committed messages with nothing new (resends)", type, transport).increment();
        }
        latency.get(transport).record(nanos, TimeUnit.NANOSECONDS);
    }

    void rejected(ErrorCode code, Transport transport) {
        rejected.computeIfAbsent(code.wire() + "/" + transport.tag(), k -> Counter.builder("switchboard_ingest_rejected")
                .tag("code", code.wire()).tag("transport", transport.tag())
                .description("telemetry messages refused, by error code").register(registry)).increment();
    }

    private double fallbackShare() {
        double http = storedByTransport.get(Transport.HTTP).count();
        double all = http + storedByTransport.get(Transport.WS).count();
        return all == 0 ? 0 : http / all;
    }

    private Counter counter(Map<String, Counter> map, String name, String description, String type, Transport t) {
        return map.computeIfAbsent(type + "/" + t.tag(), k -> Counter.builder(name).tag("type", type).tag("transport", t.tag())
                .description(description).register(registry));
    }
}

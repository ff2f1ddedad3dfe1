package io.switchboard.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The engine's meters, exposed in Prometheus text at {@code /metrics}. Counters tagged by a value from a small,
 * closed set (message types the gateway knows, error codes, close codes) so that clients cannot grow the
 * number of series.
 */
public final class Metrics {
    /** The {@code limit} tag of handshakes refused by the per-address connect limit. */
    public static final String LIMIT_CONNECT = "connect_per_ip";
    /** The {@code limit} tag of REST writes refused by the per-user write limit. */
    public static final String LIMIT_REST_WRITE = "rest_write_per_user";
    /** The {@code reason} tag of a 4100 close: the session had too many unwritten frames. */
    public static final String SLOW_FRAMES = "connection_frames";
    /** The {@code reason} tag of a 4100 close: the session held more unwritten bytes than its share. */
    public static final String SLOW_BYTES = "connection_bytes";
    /** The {@code reason} tag of a 4100 close: the node's backlog passed its budget and this session held the most. */
    public static final String SLOW_NODE_BUDGET = "node_budget";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger openConnections = new AtomicInteger();
    private final Map<String, Counter> messagesIn = new ConcurrentHashMap<>();
    private final Map<String, Counter> messagesOut = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> closes = new ConcurrentHashMap<>();
    private final Counter acks;
    private final Counter fanOut;
    private final Counter deltas;
    private final Counter overflows;
    private final Counter delivered;
    /** {@code messages_out{type=event}}, looked up once: a user's event is counted per socket it reaches. */
    private final Counter eventsOut;
    private final Function<String, Counter> newMessagesOut = t -> Counter.builder("switchboard_messages_out").tag("type", t)
            .description("frames sent, by type").register(registry);
    private final Map<String, Counter> rateLimited = new ConcurrentHashMap<>();
    private final Map<String, Counter> slowConsumers = new ConcurrentHashMap<>();
    private final Counter publishRefused;
    private final Timer deliveryLatency;

    /** A fresh registry. */
    public Metrics() {
        Gauge.builder("switchboard_connections_open", openConnections, AtomicInteger::get)
                .description("WebSocket sessions open on this node").register(registry);
        acks = Counter.builder("switchboard_acks").description("acks sent").register(registry);
        fanOut = Counter.builder("switchboard_fanout_deliveries").description("frames handed to subscribers").register(registry);
        deltas = Counter.builder("switchboard_delta_publications")
                .description("publications sent to a subscriber as a Fossil delta").register(registry);
        delivered = counter(messagesOut, "message", newMessagesOut);
        eventsOut = counter(messagesOut, "event", newMessagesOut);
        overflows = Counter.builder("switchboard_queue_overflows").description("sessions closed because their outbound queue was full").register(registry);
        for (String reason : new String[] {SLOW_FRAMES, SLOW_BYTES, SLOW_NODE_BUDGET}) {
            slowConsumers.put(reason, Counter.builder("switchboard_slow_consumer_closes").tag("reason", reason)
                    .description("sessions closed with 4100, by what overflowed").register(registry));
        }
        publishRefused = Counter.builder("switchboard_outbound_publish_refused")
                .description("publications refused with unavailable because the outbound backlog was at its budget")
                .register(registry);
        deliveryLatency = Timer.builder("switchboard_delivery_latency")
                .description("time from a frame's hand-over to an event loop's writer to its write to the socket, "
                        + "once per write batch (the batch's oldest frame)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        for (String limit : new String[] {LIMIT_CONNECT, LIMIT_REST_WRITE}) {
            rateLimited.put(limit, Counter.builder("switchboard_rate_limited").tag("limit", limit)
                    .description("requests refused with 429, by limit").register(registry));
        }
        // What an operator sizes a node by: heap, threads, CPU and open files against the limit (each socket is one).
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The Micrometer registry, for apps that add their own meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus exposition text. */
    public String scrape() {
        return registry.scrape();
    }

    /** The delivery latency, recorded by the outbound writers once per write batch. */
    public Timer deliveryLatency() {
        return deliveryLatency;
    }

    /** Frames received since the start, of every type. */
    public double messagesInTotal() {
        return sum(messagesIn);
    }

    /** Frames sent since the start, of every type (each delivery of a publication counts). */
    public double messagesOutTotal() {
        return sum(messagesOut);
    }

    private static double sum(Map<String, Counter> counters) {
        double total = 0;
        for (Counter c : counters.values()) {
            total += c.count();
        }
        return total;
    }

    /** A session opened. */
    public void connectionOpened() {
        openConnections.incrementAndGet();
    }

    /** A session closed with a code. */
    public void connectionClosed(int code) {
        openConnections.decrementAndGet();
        refused(code);
    }

    /** A socket was closed with a code before it became a session (auth, limits). */
    public void refused(int code) {
        counter(closes, code, c -> Counter.builder("switchboard_closes").tag("code", String.valueOf(c))
                .description("sessions closed, by close code").register(registry)).increment();
    }

    /** Sessions open now. */
    public int openConnections() {
        return openConnections.get();
    }

    /** A frame of a known type arrived ({@code other} for unknown types). */
    public void messageIn(String type) {
        counter(messagesIn, type, t -> Counter.builder("switchboard_messages_in").tag("type", t)
                .description("frames received, by type").register(registry)).increment();
    }

    /** A channel publication was handed to one subscriber: the hot path, so no map lookup. */
    public void delivered() {
        delivered.increment();
    }

    /** {@code n} deliveries of one publication, counted at once. */
    public void delivered(int n) {
        delivered.increment(n);
    }

    /** A frame of a type was sent. */
    public void messageOut(String type) {
        (type.equals("event") ? eventsOut : counter(messagesOut, type, newMessagesOut)).increment();
    }

    /** An error reply with this wire code. */
    public void error(String code) {
        counter(errors, code, c -> Counter.builder("switchboard_errors").tag("code", c)
                .description("error replies, by code").register(registry)).increment();
    }

    /** An ack was sent. */
    public void ack() {
        acks.increment();
    }

    /** Publications sent as a Fossil delta, one per subscriber that got it. */
    public void deltasSent(int n) {
        deltas.increment(n);
    }

    /** Frames handed to subscribers by one fan-out. */
    public void fanOutDeliveries(int n) {
        fanOut.increment(n);
    }

    /** A session's outbound queue overflowed. */
    public void queueOverflow() {
        overflows.increment();
    }

    /**
     * Exposes the outbound budget: {@code switchboard_outbound_budget_bytes{scope="node"|"connection"}} and the
     * node's backlog now, {@code switchboard_outbound_backlog_bytes}.
     */
    public void outboundBudget(long nodeBytes, long connectionBytes, LongSupplier backlog) {
        String budget = "bytes of unwritten frames allowed, for the node and for each connection";
        Gauge.builder("switchboard_outbound_budget_bytes", () -> nodeBytes).tag("scope", "node")
                .description(budget).register(registry);
        Gauge.builder("switchboard_outbound_budget_bytes", () -> connectionBytes).tag("scope", "connection")
                .description(budget).register(registry);
        Gauge.builder("switchboard_outbound_backlog_bytes", backlog::getAsLong)
                .description("bytes of frames handed to sockets and not yet written to the kernel, counted per socket")
                .register(registry);
    }

    /**
     * A session was closed with 4100 for {@code reason}: {@link #SLOW_FRAMES}, {@link #SLOW_BYTES} or
     * {@link #SLOW_NODE_BUDGET}.
     */
    public void slowConsumerClosed(String reason) {
        Counter c = slowConsumers.get(reason);
        if (c == null) {
            throw new IllegalArgumentException("unknown reason " + reason);
        }
        c.increment();
    }

    /** A publication was refused because the outbound backlog was at its budget. */
    public void publishRefused() {
        publishRefused.increment();
    }

    /** A request was refused with 429 by {@link #LIMIT_CONNECT} or {@link #LIMIT_REST_WRITE}. */
    public void rateLimited(String limit) {
        Counter c = rateLimited.get(limit);
        if (c == null) {
            throw new IllegalArgumentException("unknown limit " + limit);
        }
        c.increment();
    }

    private static <K> Counter counter(Map<K, Counter> map, K key, Function<K, Counter> create) {
        Counter c = map.get(key);
        return c != null ? c : map.computeIfAbsent(key, create);
    }
}

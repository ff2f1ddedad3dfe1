package io.switchboard.server.apps.ingest;

import io.switchboard.server.app.AppContext;
import io.switchboard.server.channel.Namespace;
import io.switchboard.server.channel.PublishRule;
import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.gateway.HandlerSet;
import io.switchboard.server.http.BearerAuth;
import io.switchboard.server.store.BatchWriter;
import io.switchboard.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device telemetry (seeds 000 and 001): a child's phone streams screen time, location and site access over
 * {@code /ws/ingest/<child_hash>/} or {@code /ws/ingest-auth/}, or posts it to {@code /api/ingest/} when the
 * socket fails; each message is validated, stored through a group-commit writer, acked after the commit (one
 * without an {@code id} by its type and time, see {@link IdlessAck}), and
 * published on {@code child:<id>} for the parent's live view. Parents enrol children and read the data back over
 * {@code /api/children/}. A daily job deletes data older than {@code ingest-retention}.
 */
public final class IngestApp implements SwitchboardApp {
    /** The handler set of device sockets. */
    public static final String HANDLER_SET = "ingest";
    private static final Logger LOG = LoggerFactory.getLogger(IngestApp.class);
    private static final Duration PRUNE_EVERY = Duration.ofDays(1);
    private static final Duration FIRST_PRUNE_AFTER = Duration.ofMinutes(1);

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public List<SettingKey> declaredSettings() {
        return IngestSettings.DECLARED;
    }

    @Override
    public void checkSettings(SettingValues settings) {
        IngestSettings.from(settings);
    }

    @Override
    public void mount(AppContext ctx) {
        IngestSettings settings = IngestSettings.from(ctx.settings());
        Database db = ctx.database();
        ChildDirectory children = new ChildDirectory(db);
        ctx.policy().declare(Namespace.builder(ChildChannel.NAMESPACE).publish(PublishRule.BACKEND), new ChildChannel(children));

        // SQLite has one writer at a time anyway; PostgreSQL takes two transactions in parallel, and a device
        // always maps to the same lane, so its messages are stored in the order sent.
        BatchWriter<TelemetryWriter.Submission, TelemetryWriter.Stored> writer = db.batchWriter(
                new BatchWriter.Options("ingest", db.sqlite() ? 1 : 2, 20_000, 500), new TelemetryWriter(),
                ctx.metrics().registry());
        IngestMetrics metrics = new IngestMetrics(ctx.metrics().registry());
        Ingestor ingestor = new Ingestor(new TelemetryParser(Clock.systemUTC(), settings.retention()),
                writer, ctx.channels(), metrics);

        HandlerSet handlers = ctx.gateway().handlerSet(HANDLER_SET);
        for (String type : IngestTypes.DATA) {
            // The session runs its socket's frames under its context (Session.text): the write completes back there.
            handlers.register(type, (session, envelope) ->
                    ingestor.ingest(IngestSocketEndpoint.childOf(session), envelope.type(), envelope.data(), Transport.WS)
                            .map(ack -> {
                                if (envelope.hasId()) {
                                    return ack;
                                }
                                // The seed acks every message; one without an id is named by its type and time.
                                session.send(IdlessAck.of(envelope.type(), envelope.data()));
                                return Gateway.NO_ACK;
                            }));
        }
        ctx.sockets().add("/ws/ingest/[^/]+/?", new IngestSocketEndpoint(children, ctx.gateway(), handlers));
        ctx.sockets().add("/ws/ingest-auth/?", new IngestAuthEndpoint(children, ctx.gateway(), handlers,
                settings.authTimeout(), ctx.sockets().unauthenticated()));

        new ChildRoutes(db, children).mount(ctx.router(), new BearerAuth(ctx.tokens()));
        new IngestRoute(children, ingestor, metrics).mount(ctx.router());

        Duration retention = settings.retention();
        ctx.vertx().setPeriodic(FIRST_PRUNE_AFTER.toMillis(), PRUNE_EVERY.toMillis(), id ->
                db.withConnection(c -> IngestPruner.prune(c, Instant.now().minus(retention))).onComplete(ar -> {
                    if (ar.succeeded()) {
                        LOG.info("ingest prune (older than {} days): deleted {}", retention.toDays(), ar.result());
                    } else {
                        LOG.warn("ingest prune failed: {}", ar.cause().toString());
                    }
                }));
    }
}

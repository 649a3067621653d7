package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.EventType;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Outbox;
import dev.oubli.privacy.audit.AuditAction;
import dev.oubli.privacy.audit.AuditService;
import dev.oubli.privacy.export.ExportChunkWait;
import dev.oubli.tenancy.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The watchdog's second round (docs/adr/0050): an export whose owners all answered but whose chunks do not come is
 * asked for again, by publishing its request again (the owners seal their parts again; the bundle takes one whole
 * sealing per owner), with back-off, then FAILED ({@code CHUNKS_MISSING}). Each export on its own: one that fails is
 * logged (ids), counted in {@code oubli.privacy.watchdog.failed} and watched again at the next run. Counted in
 * {@code oubli.privacy.watchdog.exports.requested-again} and {@code oubli.privacy.watchdog.exports.failed}.
 */
@ApplicationScoped
class ExportChunkWatch {

    private static final Logger LOG = Logger.getLogger(ExportChunkWatch.class);

    private final ExportChunkWait waits;
    private final PrivacyRequestRepository requests;
    private final Outbox outbox;
    private final AuditService audit;
    private final Counter requestedAgain;
    private final Counter exportsFailed;
    private final Counter failed;

    ExportChunkWatch(ExportChunkWait waits, PrivacyRequestRepository requests, Outbox outbox, AuditService audit, MeterRegistry metrics) {
        this.waits = waits;
        this.requests = requests;
        this.outbox = outbox;
        this.audit = audit;
        this.requestedAgain = Counter.builder("oubli.privacy.watchdog.exports.requested-again")
                .description("Exports whose missing chunks were requested again from the owners").register(metrics);
        this.exportsFailed = Counter.builder("oubli.privacy.watchdog.exports.failed")
                .description("Exports FAILED (CHUNKS_MISSING) after the last re-request").register(metrics);
        this.failed = Counter.builder("oubli.privacy.watchdog.failed")
                .description("Late requests the watchdog could not handle in a run (retried at the next)").register(metrics);
    }

    @Scheduled(every = "${oubli.privacy.watchdog.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> watchEveryTenant() {
        Instant now = Instant.now();
        return waits.late(now).chain(late -> watchAll(late, now));
    }

    /** One tenant's exports, at {@code now} (tests move the clock forward). */
    Uni<Void> watchTenant(TenantId tenant, Instant now) {
        return waits.late(tenant, now).chain(late -> watchAll(late, now));
    }

    private Uni<Void> watchAll(List<Map.Entry<TenantId, UUID>> late, Instant now) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (Map.Entry<TenantId, UUID> export : late) {
            done = done.chain(() -> watch(export.getKey(), export.getValue(), now)
                    .onFailure().recoverWithItem(e -> {
                        failed.increment();
                        LOG.warnf("Watchdog on the export of request %s of tenant %s failed (%s): watched again at the next run",
                                export.getValue(), export.getKey(), e.getClass().getSimpleName());
                        return null;
                    }));
        }
        return done;
    }

    private Uni<Void> watch(TenantId tenant, UUID id, Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        return audit.inTransaction(tenant, () -> waits.decide(tenant, id, now).chain(late -> switch (late) {
            case NOT_LATE -> Uni.createFrom().item(late);
            case GIVE_UP -> Uni.createFrom().item(late).invoke(() -> exportsFailed.increment());
            case ASK_AGAIN -> requests.findForUpdate(tenant, id).chain(request -> {
                request.published(at);
                return outbox.append(tenant, Topics.PRIVACY_REQUESTS, Topics.requestKey(id), EventType.PRIVACY_REQUEST_SUBMITTED.ceType(),
                                request.event())
                        .chain(() -> audit.record(tenant, AuditAction.REQUEST_PUBLISHED, id,
                                Map.of("attempt", request.publishAttempts, "reason", ExportChunkWait.CHUNKS_MISSING)))
                        .invoke(() -> requestedAgain.increment())
                        .replaceWith(late);
            });
        })).invoke(late -> LOG.infof("Watchdog on the export of request %s of tenant %s: %s", id, tenant, late)).replaceWithVoid();
    }
}

package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.EventType;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Outbox;
import dev.oubli.privacy.audit.AuditAction;
import dev.oubli.privacy.audit.AuditService;
import dev.oubli.privacy.export.ExportChunkWait;
import dev.oubli.privacy.export.ExportDelivery;
import dev.oubli.tenancy.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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
 * sealing per owner), with back-off, then FAILED ({@code CHUNKS_MISSING}), and its request with it: FAILED
 * ({@code EXPORT_FAILED}, docs/adr/0054), its self-service subject told; a bundle assembled after all gives the request back
 * the status its tasks say ({@link ExportDelivery}). Each export on its own: one that fails is
 * logged (ids), counted in {@code oubli.privacy.watchdog.failed} and watched again at the next run. Counted in
 * {@code oubli.privacy.watchdog.exports.requested-again} and {@code oubli.privacy.watchdog.exports.failed}.
 */
@ApplicationScoped
class ExportChunkWatch implements ExportDelivery {

    private static final Logger LOG = Logger.getLogger(ExportChunkWatch.class);

    private final ExportChunkWait waits;
    private final PrivacyRequestRepository requests;
    private final PrivacyRequestTaskRepository tasks;
    private final Event<PrivacyRequestSettled> settled;
    private final Outbox outbox;
    private final AuditService audit;
    private final Counter requestedAgain;
    private final Counter exportsFailed;
    private final Counter failed;

    ExportChunkWatch(ExportChunkWait waits, PrivacyRequestRepository requests, PrivacyRequestTaskRepository tasks, Outbox outbox,
                     AuditService audit, Event<PrivacyRequestSettled> settled, MeterRegistry metrics) {
        this.waits = waits;
        this.requests = requests;
        this.tasks = tasks;
        this.settled = settled;
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
        PrivacyRequest[] failedRequest = new PrivacyRequest[1];
        return audit.inTransaction(tenant, () -> waits.decide(tenant, id, now).chain(late -> switch (late) {
            case NOT_LATE -> Uni.createFrom().item(late);
            case GIVE_UP -> requests.findForUpdate(tenant, id)
                    .chain(request -> requestFailed(tenant, request, at).invoke(() -> failedRequest[0] = request))
                    .invoke(() -> exportsFailed.increment()).replaceWith(late);
            case ASK_AGAIN -> requests.findForUpdate(tenant, id).chain(request -> {
                request.published(at);
                return outbox.append(tenant, Topics.PRIVACY_REQUESTS, Topics.requestKey(id), EventType.PRIVACY_REQUEST_SUBMITTED.ceType(),
                                request.event())
                        .chain(() -> audit.record(tenant, AuditAction.REQUEST_PUBLISHED, id,
                                Map.of("attempt", request.publishAttempts, "reason", ExportChunkWait.CHUNKS_MISSING)))
                        .invoke(() -> requestedAgain.increment())
                        .replaceWith(late);
            });
        })).invoke(late -> {
            LOG.infof("Watchdog on the export of request %s of tenant %s: %s", id, tenant, late);
            PrivacyRequest request = failedRequest[0];
            if (request != null && request.noticeAddress != null) {
                // After the commit, as every final notice: the self-service subject learns that the request FAILED.
                settled.fireAsync(new PrivacyRequestSettled(tenant, request.id, request.type, request.status.name(), request.noticeAddress));
                request.noticeAddress = null;
            }
        }).replaceWithVoid();
    }

    /**
     * The export FAILED: its request does not claim success (COMPLETED or PARTIALLY_COMPLETED → FAILED, EXPORT_FAILED),
     * audited; a self-service subject's address, kept to mail the link, is read for the notice (kept: a bundle assembled
     * after all is still mailed; it goes with the export at the latest, ExportService#destroyExpired).
     */
    private Uni<Void> requestFailed(TenantId tenant, PrivacyRequest request, OffsetDateTime at) {
        if (request == null || !request.exportFailed(at)) {
            return Uni.createFrom().voidItem();
        }
        return PrivacyRequestService.recordChanges(audit, tenant, request)
                .chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "select email from request_contact_point where tenant_id = :tenant and request_id = :request", String.class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", request.id)
                        .getResultList()))
                .invoke(addresses -> request.noticeAddress = addresses.isEmpty() ? null : addresses.get(0))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> deliveredAfterAll(TenantId tenant, UUID requestId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return requests.findForUpdate(tenant, requestId).chain(request -> request == null ? Uni.createFrom().voidItem()
                : tasks.ofRequest(tenant, requestId).chain(its -> request.exportDelivered(its, now)
                ? PrivacyRequestService.recordChanges(audit, tenant, request)
                .invoke(() -> LOG.infof("Export of request %s of tenant %s delivered after all: %s", requestId, tenant, request.status))
                : Uni.createFrom().voidItem()));
    }
}

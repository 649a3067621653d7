package dev.oubli.privacy.retention;

import dev.oubli.events.RetentionCategory;
import dev.oubli.tenancy.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The scheduled retention purge of privacy-service (docs/adr/0057): every registered tenant not yet purged, and every
 * tenant with limits of its own, found across tenants read-only (the {@code sweep} policies), then each purged in its own
 * context. A tenant that never had a policy gets its defaults published first: so every owner learns every tenant's
 * limits. One tenant failing stops none of the others.
 */
@ApplicationScoped
class RetentionSweep {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);

    private final OwnRetentionPurge purge;
    private final Counter failed;

    RetentionSweep(OwnRetentionPurge purge, MeterRegistry metrics) {
        this.purge = purge;
        this.failed = Counter.builder("oubli.privacy.retention.tenant-failed")
                .description("Tenants whose retention purge failed in a sweep (purged again at the next)").register(metrics);
    }

    @Scheduled(every = "${oubli.privacy.retention.purge-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep(Instant.now()).replaceWithVoid();
    }

    /** @return records deleted per tenant and category at {@code now} (tests fix it) */
    Uni<Map<UUID, Map<RetentionCategory, Long>>> sweep(Instant now) {
        return tenants().chain(tenants -> {
            Map<UUID, Map<RetentionCategory, Long>> removed = new LinkedHashMap<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (UUID tenant : tenants) {
                chain = chain.chain(() -> purge.purge(new TenantId(tenant), now)
                        .invoke(counts -> removed.put(tenant, counts))
                        .replaceWithVoid()
                        .onFailure().recoverWithItem(e -> {
                            failed.increment();
                            LOG.warnf("Retention purge of tenant %s failed (%s): purged again at the next run", tenant,
                                    e.getClass().getSimpleName());
                            return null;
                        }));
            }
            return chain.map(done -> removed);
        });
    }

    private Uni<java.util.List<UUID>> tenants() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("select set_config('oubli.privacy_sweep', 'on', true)").getSingleResult()
                        .chain(() -> session.createNativeQuery("""
                                        select tenant_id::text from tenant where status <> 'PURGED'
                                        union select tenant_id::text from retention_policy order by 1""", String.class)
                                .getResultList())))
                .map(ids -> ids.stream().map(UUID::fromString).toList());
    }
}

package dev.oubli.knowledge.retention;

import dev.oubli.tenancy.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The scheduled purge: finds the tenants that set retention limits, then applies each tenant's limits as that tenant.
 * Reading the limits across tenants is the one cross-tenant read of this service: the {@code retention_scan} policy
 * admits it in a transaction that says {@code oubli.retention_scan = on}, and it reads that table only. Each tenant is
 * purged on its own: one that fails is logged (its id), counted in {@code oubli.knowledge.purge.failed} and purged again
 * at the next run, and the others go on.
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    private final RetentionService retention;
    private final Counter failed;

    RetentionPurge(RetentionService retention, MeterRegistry metrics) {
        this.retention = retention;
        this.failed = Counter.builder("oubli.knowledge.purge.failed")
                .description("Tenants whose retention purge failed in a run (purged again at the next)").register(metrics);
    }

    @Scheduled(every = "${oubli.knowledge.purge-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purgeExpired().replaceWithVoid();
    }

    /** @return items removed, per tenant and category */
    public Uni<Map<UUID, Map<RetentionCategory, Long>>> purgeExpired() {
        return tenantLimits().chain(limits -> {
            Map<UUID, Map<RetentionCategory, Long>> removed = new LinkedHashMap<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Map.Entry<UUID, Map<RetentionCategory, Integer>> tenant : limits.entrySet()) {
                chain = chain.chain(() -> retention.purgeExpired(new TenantId(tenant.getKey()), tenant.getValue())
                        .invoke(counts -> {
                            removed.put(tenant.getKey(), counts);
                            LOG.infof("Retention purge of tenant %s: %s", tenant.getKey(), counts);
                        })
                        .call(counts -> retention.reportRun(new TenantId(tenant.getKey()), counts))
                        .replaceWithVoid()
                        .onFailure().recoverWithItem(e -> {
                            failed.increment();
                            LOG.warnf("Retention purge of tenant %s failed (%s): purged again at the next run", tenant.getKey(),
                                    e.getClass().getSimpleName());
                            return null;
                        }));
            }
            return chain.map(done -> removed);
        });
    }

    @SuppressWarnings("unchecked")
    private Uni<Map<UUID, Map<RetentionCategory, Integer>>> tenantLimits() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("select set_config('oubli.retention_scan', 'on', true)").getSingleResult()
                        .chain(ignored -> session.createNativeQuery("select tenant_id, category, days from retention_limit order by tenant_id")
                                .getResultList())))
                .map(rows -> {
                    Map<UUID, Map<RetentionCategory, Integer>> limits = new LinkedHashMap<>();
                    for (Object row : (List<Object>) rows) {
                        Object[] c = (Object[]) row;
                        limits.computeIfAbsent((UUID) c[0], tenant -> new EnumMap<>(RetentionCategory.class))
                                .put(RetentionCategory.valueOf((String) c[1]), ((Number) c[2]).intValue());
                    }
                    return limits;
                });
    }
}

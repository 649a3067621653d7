package dev.oubli.privacy.tenant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/**
 * Moves every due tenant purge one step (docs/adr/0051). Each tenant on its own: one whose step fails is logged (its
 * id), counted in {@code oubli.privacy.tenant-purge.failed} and tried again at the next run, and the others go on.
 */
@ApplicationScoped
class TenantPurgeSweep {

    private static final Logger LOG = Logger.getLogger(TenantPurgeSweep.class);

    private final TenantPurge purge;
    private final Counter failed;
    private final Counter certified;

    TenantPurgeSweep(TenantPurge purge, MeterRegistry metrics) {
        this.purge = purge;
        this.failed = Counter.builder("oubli.privacy.tenant-purge.failed")
                .description("Tenant purge steps that failed in a sweep (tried again at the next)").register(metrics);
        this.certified = Counter.builder("oubli.privacy.tenant-purge.certified")
                .description("Tenant purges completed with a signed certificate").register(metrics);
    }

    @Scheduled(every = "${oubli.privacy.tenants.purge-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return sweep(Instant.now());
    }

    /** Every due tenant at {@code now} (tests call it). */
    Uni<Void> sweep(Instant now) {
        return purge.due(now).chain(tenants -> {
            Uni<Void> done = Uni.createFrom().voidItem();
            for (UUID tenant : tenants) {
                done = done.chain(() -> purge.advance(tenant, now)
                        .invoke(step -> {
                            if (step == TenantPurge.Step.CERTIFIED) {
                                certified.increment();
                            }
                        })
                        .replaceWithVoid()
                        .onFailure().recoverWithItem(e -> {
                            failed.increment();
                            LOG.warnf("Purge of tenant %s failed a step (%s): tried again at the next run", tenant, e.getClass().getSimpleName());
                            return null;
                        }));
            }
            return done;
        });
    }
}

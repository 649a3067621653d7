package dev.oubli.privacy.privacyrequest;

import dev.oubli.privacy.PrivacyConfig;
import dev.oubli.tenancy.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Nothing stays IN_PROGRESS silently: requests whose receipts are late ({@code receipt-timeout} after the first
 * publication, doubling after each) are published again, then their silent owners' tasks FAILED (NO_RECEIPT).
 * Each request is watched on its own: one that fails is logged (ids), counted and watched again at the next run,
 * and the others go on. Counted in {@code oubli.privacy.watchdog.republished}, {@code oubli.privacy.watchdog.tasks.failed}
 * and {@code oubli.privacy.watchdog.failed}.
 */
@ApplicationScoped
class RequestWatchdog {

    private static final Logger LOG = Logger.getLogger(RequestWatchdog.class);

    private final PrivacyRequestService requests;
    private final PrivacyConfig config;
    private final Counter republished;
    private final Counter tasksFailed;
    private final Counter failed;

    RequestWatchdog(PrivacyRequestService requests, PrivacyConfig config, MeterRegistry metrics) {
        this.requests = requests;
        this.config = config;
        this.republished = Counter.builder("oubli.privacy.watchdog.republished")
                .description("Privacy requests published again because receipts were late").register(metrics);
        this.tasksFailed = Counter.builder("oubli.privacy.watchdog.tasks.failed")
                .description("Owner tasks failed with NO_RECEIPT after the last attempt").register(metrics);
        this.failed = Counter.builder("oubli.privacy.watchdog.failed")
                .description("Late requests the watchdog could not handle in a run (retried at the next)").register(metrics);
    }

    @Scheduled(every = "${oubli.privacy.watchdog.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> watchEveryTenant() {
        Instant now = Instant.now();
        return requests.awaitingReceipts(now).chain(late -> watchAll(late, now));
    }

    /** One tenant's late requests, at {@code now} (tests move the clock forward). */
    Uni<Void> watchTenant(TenantId tenant, Instant now) {
        return requests.awaitingReceipts(tenant, now.minus(config.watchdog().receiptTimeout()))
                .chain(late -> watchAll(late.stream().map(id -> Map.entry(tenant, id)).toList(), now));
    }

    private Uni<Void> watchAll(List<Map.Entry<TenantId, UUID>> late, Instant now) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (Map.Entry<TenantId, UUID> request : late) {
            done = done.chain(() -> requests.watch(request.getKey(), request.getValue(), now).invoke(outcome -> {
                        if (outcome.getKey() == PrivacyRequestService.Watch.REPUBLISHED) {
                            republished.increment();
                        } else if (outcome.getKey() == PrivacyRequestService.Watch.GAVE_UP) {
                            tasksFailed.increment(outcome.getValue());
                        }
                    }).replaceWithVoid()
                    .onFailure().recoverWithItem(e -> {
                        failed.increment();
                        LOG.warnf("Watchdog on request %s of tenant %s failed (%s): watched again at the next run",
                                request.getValue(), request.getKey(), e.getClass().getSimpleName());
                        return null;
                    }));
        }
        return done;
    }
}

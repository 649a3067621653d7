package dev.oubli.privacy.privacyrequest;

import dev.oubli.privacy.PrivacyConfig;
import dev.oubli.tenancy.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Nothing stays IN_PROGRESS silently: requests whose receipts are late are published again, then their silent
 * owners' tasks FAILED (NO_RECEIPT). Counted in {@code oubli.privacy.watchdog.republished} and
 * {@code oubli.privacy.watchdog.tasks.failed}.
 */
@ApplicationScoped
class RequestWatchdog {

    private final PrivacyRequestService requests;
    private final PrivacyConfig config;
    private final Counter republished;
    private final Counter tasksFailed;

    RequestWatchdog(PrivacyRequestService requests, PrivacyConfig config, MeterRegistry metrics) {
        this.requests = requests;
        this.config = config;
        this.republished = Counter.builder("oubli.privacy.watchdog.republished")
                .description("Privacy requests published again because receipts were late").register(metrics);
        this.tasksFailed = Counter.builder("oubli.privacy.watchdog.tasks.failed")
                .description("Owner tasks failed with NO_RECEIPT after the last attempt").register(metrics);
    }

    @Scheduled(every = "${oubli.privacy.watchdog.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> watchEveryTenant() {
        Instant now = Instant.now();
        return requests.awaitingReceipts(now.minus(config.watchdog().receiptTimeout()))
                .chain(late -> watchAll(late, now));
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
            }).replaceWithVoid());
        }
        return done;
    }
}

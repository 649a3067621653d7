package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.RequestType;
import dev.oubli.tenancy.TenantId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an operator watches of the privacy requests (docs/adr/0045), over every tenant: gauges
 * {@code oubli.privacy.requests} (labels {@code type}, {@code status}) and {@code oubli.privacy.requests.overdue}
 * (label {@code type}: due date passed, not settled). Never a tenant label: a tenant's volume is its own business, and
 * the series would grow with the tenants. Refreshed every {@code oubli.privacy-metrics.every} by one read-only
 * query across tenants (the sweep policy, V10).
 */
@ApplicationScoped
class RequestMetrics {

    /** Not settled: the legal clock runs (or is paused) and the due date still binds. */
    static final List<PrivacyRequestStatus> OPEN = List.of(PrivacyRequestStatus.RECEIVED, PrivacyRequestStatus.IDENTITY_PENDING,
            PrivacyRequestStatus.IN_PROGRESS);

    private final Map<String, AtomicLong> requests = new HashMap<>();
    private final Map<String, AtomicLong> overdue = new HashMap<>();

    RequestMetrics(MeterRegistry registry) {
        for (RequestType type : RequestType.values()) {
            for (PrivacyRequestStatus status : PrivacyRequestStatus.values()) {
                AtomicLong value = new AtomicLong();
                requests.put(key(type.name(), status.name()), value);
                Gauge.builder("oubli.privacy.requests", value, AtomicLong::get).description("Privacy requests by type and status")
                        .tags("type", type.name(), "status", status.name()).register(registry);
            }
            AtomicLong value = new AtomicLong();
            overdue.put(type.name(), value);
            Gauge.builder("oubli.privacy.requests.overdue", value, AtomicLong::get)
                    .description("Privacy requests past their due date and not settled").tags("type", type.name()).register(registry);
        }
    }

    @Scheduled(every = "${oubli.privacy-metrics.every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return refresh(LocalDate.now(ZoneOffset.UTC));
    }

    /** Sets the gauges from the requests as they stand, overdue as of {@code today} (tests move the day forward). */
    Uni<Void> refresh(LocalDate today) {
        return count(today, null).invoke(counts -> {
            requests.forEach((key, value) -> value.set(counts.requests().getOrDefault(key, 0L)));
            overdue.forEach((type, value) -> value.set(counts.overdue().getOrDefault(type, 0L)));
        }).replaceWithVoid();
    }

    /** The counts, of every tenant or of one ({@code tenant} non-null: what a test checks exactly). */
    Uni<Counts> count(LocalDate today, TenantId tenant) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("select set_config('oubli.privacy_sweep', 'on', true)").getSingleResult()
                        .chain(() -> session.createNativeQuery("""
                                        select type, status, count(*),
                                               count(*) filter (where due_on < :today and status in ('RECEIVED', 'IDENTITY_PENDING', 'IN_PROGRESS'))
                                        from privacy_request
                                        where cast(:tenant as uuid) is null or tenant_id = cast(:tenant as uuid)
                                        group by type, status""", Object[].class)
                                .setParameter("today", today)
                                .setParameter("tenant", tenant == null ? null : tenant.value().toString())
                                .getResultList())))
                .map(rows -> {
                    Map<String, Long> byStatus = new HashMap<>();
                    Map<String, Long> late = new HashMap<>();
                    for (Object[] row : rows) {
                        byStatus.put(key((String) row[0], (String) row[1]), ((Number) row[2]).longValue());
                        late.merge((String) row[0], ((Number) row[3]).longValue(), Long::sum);
                    }
                    return new Counts(byStatus, late);
                });
    }

    static String key(String type, String status) {
        return type + ":" + status;
    }

    /** Requests per {@link #key(String, String) type:status}, overdue ones per type. */
    record Counts(Map<String, Long> requests, Map<String, Long> overdue) {
    }
}

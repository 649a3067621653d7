package dev.oubli.privacy.privacyrequest;

import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantSql;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Operators see the requests by type and status and the overdue ones, never per tenant (docs/adr/0045). */
@QuarkusTest
class RequestMetricsTest {

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Inject
    RequestMetrics metrics;

    @Inject
    MeterRegistry registry;

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @Test
    void requestsAreCountedByTypeAndStatusAndTheUnsettledOnesPastTheirDueDateAsOverdue() throws Throwable {
        UUID tenant = UUID.randomUUID();
        insert(tenant, "ERASURE", "IN_PROGRESS", TODAY.plusMonths(1));
        insert(tenant, "ERASURE", "IN_PROGRESS", TODAY.minusDays(1));
        insert(tenant, "ACCESS", "RECEIVED", TODAY.minusDays(3));
        insert(tenant, "ACCESS", "COMPLETED", TODAY.minusDays(3)); // settled: late, but not overdue

        RequestMetrics.Counts counts = VertxContextSupport.subscribeAndAwait(() -> metrics.count(TODAY, new TenantId(tenant)));
        assertThat(counts.requests()).containsEntry("ERASURE:IN_PROGRESS", 2L).containsEntry("ACCESS:RECEIVED", 1L)
                .containsEntry("ACCESS:COMPLETED", 1L).hasSize(3);
        assertThat(counts.overdue()).containsEntry("ERASURE", 1L).containsEntry("ACCESS", 1L);

        // Two months on, the other erasure is overdue too.
        counts = VertxContextSupport.subscribeAndAwait(() -> metrics.count(TODAY.plusMonths(2), new TenantId(tenant)));
        assertThat(counts.overdue()).containsEntry("ERASURE", 2L);
    }

    @Test
    void theGaugesMoveWithTheRequestsAndHaveNoTenantLabel() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> metrics.refresh(TODAY));
        double before = gauge("oubli.privacy.requests", "OBJECTION", "IN_PROGRESS");
        double overdueBefore = gauge("oubli.privacy.requests.overdue", "OBJECTION", null);
        UUID tenant = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            insert(tenant, "OBJECTION", "IN_PROGRESS", TODAY.minusDays(1));
        }

        VertxContextSupport.subscribeAndAwait(() -> metrics.refresh(TODAY));

        // Other tests' requests may settle meanwhile: at least this test's three are counted.
        assertThat(gauge("oubli.privacy.requests", "OBJECTION", "IN_PROGRESS")).isGreaterThanOrEqualTo(before + 3 - 0.5);
        assertThat(gauge("oubli.privacy.requests.overdue", "OBJECTION", null)).isGreaterThanOrEqualTo(overdueBefore + 3 - 0.5);
        assertThat(registry.find("oubli.privacy.requests").gauges()).isNotEmpty()
                .allSatisfy(gauge -> assertThat(gauge.getId().getTags()).extracting(tag -> tag.getKey())
                        .containsExactlyInAnyOrder("type", "status"));
        assertThat(registry.find("oubli.privacy.requests.overdue").gauges()).isNotEmpty()
                .allSatisfy(gauge -> assertThat(gauge.getId().getTags()).extracting(tag -> tag.getKey()).containsExactly("type"));
    }

    double gauge(String name, String type, String status) {
        var search = registry.find(name).tag("type", type);
        Gauge gauge = (status == null ? search : search.tag("status", status)).gauge();
        assertThat(gauge).as(name).isNotNull();
        return gauge.value();
    }

    void insert(UUID tenant, String type, String status, LocalDate dueOn) throws Exception {
        TenantSql.execute(owner, tenant, "insert into privacy_request (tenant_id, id, type, status, due_on) values (?, ?, ?, ?, ?)",
                tenant, UUID.randomUUID(), type, status, dueOn);
    }
}

package dev.oubli.privacy.tenant;

import dev.oubli.privacy.PrivacyConfig;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Ends a tenant's contract (docs/adr/0038): TERMINATING with a grace period during which it keeps its access and can
 * export everything; past it, every path of the tenant answers 404 and its data is purged.
 */
@ApplicationScoped
public class TenantTermination {

    private static final int MAX_GRACE_DAYS = 365;

    private final TenantTransactions transactions;
    private final TenantRegistry registry;
    private final PrivacyConfig config;

    TenantTermination(TenantTransactions transactions, TenantRegistry registry, PrivacyConfig config) {
        this.transactions = transactions;
        this.registry = registry;
        this.config = config;
    }

    /**
     * Starts the termination of an ACTIVE or SUSPENDED tenant.
     *
     * @throws ProblemException 404 for an unknown tenant, 409 for one already terminating or purged, 400 for a bad body
     */
    public Uni<TenantResponse> terminate(UUID tenant, TerminateTenant body) {
        Duration grace = config.tenants().gracePeriod();
        if (body != null && body.gracePeriodDays() != null) {
            if (body.gracePeriodDays() < 0 || body.gracePeriodDays() > MAX_GRACE_DAYS) {
                throw ProblemException.invalidRequest("gracePeriodDays must be between 0 and " + MAX_GRACE_DAYS + ".");
            }
            grace = Duration.ofDays(body.gracePeriodDays());
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return transactions.statement(new TenantId(tenant), """
                        update tenant set status = 'TERMINATING', termination_requested_at = $2, access_ends_at = $3
                        where tenant_id = $1 and status in ('ACTIVE', 'SUSPENDED')
                        returning\s""" + TenantRegistry.COLUMNS,
                        Tuple.of(tenant, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), OffsetDateTime.ofInstant(now.plus(grace), ZoneOffset.UTC)))
                .invoke(() -> registry.forget(tenant))
                .chain(rows -> rows.iterator().hasNext()
                        ? Uni.createFrom().item(TenantResponse.of(TenantRegistry.tenant(rows.iterator().next())))
                        : registry.find(tenant).map(found -> {
                            if (found.isEmpty()) {
                                throw ProblemException.notFound("No tenant has this id.");
                            }
                            throw new ProblemException(409, "tenant-not-active", "Tenant not active",
                                    "This tenant is already " + found.get().status() + ".");
                        }));
    }
}

package dev.oubli.tenancy;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * The one way to touch tenant data: a Hibernate Reactive transaction that first sets
 * {@code oubli.tenant_id} transaction-locally, so PostgreSQL row-level security shows only that tenant's
 * rows. Transaction-local matters: a session-level setting would leak through the pool to the next tenant.
 */
@ApplicationScoped
public class TenantTransactions {

    public <T> Uni<T> inTransaction(TenantId tenant, Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session
                        .createNativeQuery("select set_config('oubli.tenant_id', :tenant, true)")
                        .setParameter("tenant", tenant.toString())
                        .getSingleResult())
                .chain(ignored -> work.get()));
    }
}

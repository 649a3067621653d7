package dev.oubli.tenancy;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * The one way to touch tenant data: a transaction that first sets {@code oubli.tenant_id} transaction-locally, so
 * PostgreSQL row-level security shows only that tenant's rows. Transaction-local matters: a session-level setting
 * would leak through the pool to the next tenant.
 */
@ApplicationScoped
public class TenantTransactions {

    /**
     * For {@link #statement}: the tenant, and one plan per kept statement and connection. PostgreSQL would otherwise
     * plan a hot-path statement again at each execution (its generic plan's estimated cost is above the custom plans'),
     * which for the pre-contact check costs as much as running it (ADR 0016).
     */
    private static final String SET_TENANT_GENERIC_PLAN =
            "select set_config('oubli.tenant_id', $1, true), set_config('plan_cache_mode', 'force_generic_plan', true)";

    private final Pool pool;

    TenantTransactions(Pool pool) {
        this.pool = pool;
    }

    /** A Hibernate Reactive transaction for {@code work}: the ordinary way. */
    public <T> Uni<T> inTransaction(TenantId tenant, Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session
                        .createNativeQuery("select set_config('oubli.tenant_id', :tenant, true)")
                        .setParameter("tenant", tenant.toString())
                        .getSingleResult())
                .chain(ignored -> work.get()));
    }

    /**
     * One statement in its own tenant transaction, for a hot path (ADR 0016): {@code begin}, the tenant setting, the
     * statement and {@code commit} are pipelined on one pooled connection, a single round trip, as prepared statements
     * the pool keeps, without Hibernate, planned once per connection: {@code sql} must be a statement whose best plan
     * does not depend on its values (index lookups per input row, say). The rows come back once the commit succeeded;
     * if any step fails, the transaction is rolled back (PostgreSQL answers the commit of a failed transaction with a
     * rollback) and so does the returned Uni.
     */
    public Uni<RowSet<Row>> statement(TenantId tenant, String sql, Tuple arguments) {
        return Uni.createFrom().completionStage(() -> pool.getConnection().compose(connection -> {
            Future<RowSet<Row>> begin = connection.query("begin").execute();
            Future<RowSet<Row>> setting = connection.preparedQuery(SET_TENANT_GENERIC_PLAN)
                    .execute(Tuple.of(tenant.toString()));
            Future<RowSet<Row>> rows = connection.preparedQuery(sql).execute(arguments);
            Future<RowSet<Row>> commit = connection.query("commit").execute();
            Future<RowSet<Row>> result = Future.all(begin, setting, rows, commit).map(all -> rows.result());
            result.onComplete(done -> connection.close());
            return result;
        }).toCompletionStage());
    }
}

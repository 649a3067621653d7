package dev.oubli.tenancy;

import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Deletes every row of a tenant from this service's database, for a tenant purge (docs/adr/0051): every table of the
 * schema with a {@code tenant_id} column that the service's role may delete from, found in the catalog when the purge
 * runs (a table added by a later migration is purged without a change here), children before the tables they
 * reference. Each batch is a transaction of its own in the tenant's context (row-level security applies), so a purge
 * of a million rows holds no long lock and other tenants' work goes on; run again, it deletes what is left, so a
 * redelivered purge is harmless.
 */
@ApplicationScoped
public class TenantRows {

    /** Rows per statement: large enough to be quick, small enough to keep each transaction short. */
    public static final int BATCH = 5000;

    /**
     * The tables holding tenant rows that the connected role may delete, deepest foreign-key children first, so each
     * table's count is of its own rows rather than of cascades. Partitions are reached through their parent.
     */
    private static final String TABLES = """
            with recursive held as (
                select c.oid, c.relname::text as name from pg_class c
                join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
                where c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
                  and c.relkind in ('r', 'p') and not c.relispartition and has_table_privilege(c.oid, 'DELETE')),
            depth (oid, level) as (
                select oid, 0 from held
                union all
                select f.conrelid, depth.level + 1 from pg_constraint f join depth on f.confrelid = depth.oid
                where f.contype = 'f' and f.conrelid <> f.confrelid and depth.level < 16)
            select held.name from held join depth using (oid) group by held.name order by max(depth.level) desc, held.name""";

    private final TenantTransactions transactions;
    private final Pool pool;

    TenantRows(TenantTransactions transactions, Pool pool) {
        this.transactions = transactions;
        this.pool = pool;
    }

    /**
     * Deletes the tenant's rows from every table but {@code kept}, in batches.
     *
     * @return the rows deleted per table (zero for a table that held none), in table order of names
     */
    public Uni<Map<String, Long>> purge(TenantId tenant, Set<String> kept) {
        return Uni.createFrom().completionStage(() -> pool.query(TABLES).execute().toCompletionStage()).chain(rows -> {
            List<String> tables = new ArrayList<>();
            for (Row row : rows) {
                if (!kept.contains(row.getString("name"))) {
                    tables.add(row.getString("name"));
                }
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            Uni<Void> done = Uni.createFrom().voidItem();
            for (String table : tables) {
                done = done.chain(() -> purgeTable(tenant, table, 0).invoke(count -> counts.put(table, count)).replaceWithVoid());
            }
            return done.map(ignored -> (Map<String, Long>) new TreeMap<>(counts));
        });
    }

    private Uni<Long> purgeTable(TenantId tenant, String table, long deleted) {
        String quoted = '"' + table.replace("\"", "\"\"") + '"';
        // By physical row id, in bounded batches: DELETE has no LIMIT. The tenant condition stays on the outer statement
        // (a partitioned table's row ids repeat across partitions).
        String sql = "delete from " + quoted + " where tenant_id = $1 and ctid = any(array(select ctid from " + quoted
                + " where tenant_id = $1 limit $2))";
        return transactions.statement(tenant, sql, Tuple.of(tenant.value(), BATCH))
                .chain(result -> result.rowCount() == 0
                        ? Uni.createFrom().item(deleted)
                        : purgeTable(tenant, table, deleted + result.rowCount()));
    }
}

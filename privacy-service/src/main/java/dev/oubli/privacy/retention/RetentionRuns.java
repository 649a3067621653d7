package dev.oubli.privacy.retention;

import dev.oubli.events.RetentionPurgeRan;
import dev.oubli.privacy.subject.SqlTime;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The record of every retention purge run, per owner and category (docs/adr/0057): this service's own, and the owners'
 * {@link RetentionPurgeRan}, each row keyed by the event id and category so that a redelivered event adds nothing.
 */
@ApplicationScoped
public class RetentionRuns {

    private final TenantTransactions transactions;

    RetentionRuns(TenantTransactions transactions) {
        this.transactions = transactions;
    }

    /** Newest first, at most 500 rows. */
    public Uni<List<RetentionRun>> list(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                select owner, category, policy_version, deleted, ran_at from retention_run
                                where tenant_id = :tenant order by ran_at desc, owner, category limit 500""", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .getResultList()))
                .map(rows -> rows.stream().map(c -> new RetentionRun((String) c[0], (String) c[1], ((Number) c[2]).intValue(),
                        ((Number) c[3]).longValue(), SqlTime.instant(c[4]))).toList());
    }

    /** An owner's report; applied once per event and category. */
    public Uni<Void> record(TenantId tenant, UUID eventId, RetentionPurgeRan ran) {
        return record(tenant, eventId, ran.owner(), ran.policyVersion(), ran.deleted(), ran.ranAt());
    }

    Uni<Void> record(TenantId tenant, UUID runId, String owner, int policyVersion, Map<String, Long> deleted, Instant ranAt) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, Long> category : deleted.entrySet()) {
            UUID id = UUID.nameUUIDFromBytes((runId + ":" + category.getKey()).getBytes(StandardCharsets.UTF_8));
            chain = chain.chain(() -> transactions.statement(tenant, """
                            insert into retention_run (tenant_id, id, owner, category, policy_version, deleted, ran_at)
                            values ($1, $2, $3, $4, $5, $6, $7) on conflict (tenant_id, id) do nothing""",
                    Tuple.from(List.of(tenant.value(), id, owner, category.getKey(), policyVersion, category.getValue(),
                            OffsetDateTime.ofInstant(ranAt, ZoneOffset.UTC)))).replaceWithVoid());
        }
        return chain;
    }
}

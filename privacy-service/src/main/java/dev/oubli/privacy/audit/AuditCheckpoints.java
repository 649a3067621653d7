package dev.oubli.privacy.audit;

import dev.oubli.privacy.ServiceSigningKey;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The retention purge of a tenant's audit entries (docs/adr/0061): the oldest entries past the limit, in batches, each
 * batch in a tenant transaction that removes them and moves the signed checkpoint to the last one removed (the database
 * function of V55, which alone may delete entries of a served tenant, and only past the legal period). An entry of a held
 * request, and every entry after it, is kept: the chain has no holes.
 */
@ApplicationScoped
public class AuditCheckpoints {

    /** What a run removed, and the checkpoint it left (null when the tenant never had entries removed). */
    public record Removed(long entries, AuditCheckpoint checkpoint) {
    }

    private final TenantTransactions transactions;
    private final ServiceSigningKey key;

    AuditCheckpoints(TenantTransactions transactions, ServiceSigningKey key) {
        this.transactions = transactions;
        this.key = key;
    }

    /**
     * Removes the tenant's entries older than {@code cutoff}, oldest first, stopping at the oldest entry of a request in
     * {@code heldRequests}; the checkpoint is dated {@code now}.
     */
    public Uni<Removed> purge(TenantId tenant, Instant cutoff, Instant now, Collection<UUID> heldRequests, int batchSize) {
        Instant removedAt = now.truncatedTo(ChronoUnit.MICROS);
        return keptFrom(tenant, heldRequests)
                .chain(keptFrom -> batches(tenant, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC), removedAt, keptFrom, batchSize, 0))
                .chain(removed -> read(tenant).map(checkpoint -> new Removed(removed, checkpoint)));
    }

    /** The tenant's checkpoint, null when none. */
    Uni<AuditCheckpoint> read(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                select seq, hash, (extract(epoch from removed_at) * 1000000)::bigint, signature from audit_checkpoint
                                where tenant_id = :tenant""", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .getResultList()))
                .map(rows -> rows.isEmpty() ? null : new AuditCheckpoint(((Number) rows.get(0)[0]).longValue(), (String) rows.get(0)[1],
                        AuditService.instant(rows.get(0)[2]), (String) rows.get(0)[3]));
    }

    /** Whether the service signed this checkpoint for this tenant. */
    boolean holds(TenantId tenant, AuditCheckpoint checkpoint) {
        return key.holds(AuditCheckpoint.signedText(tenant.value(), checkpoint.seq(), checkpoint.hash(), checkpoint.removedAt()),
                checkpoint.signature());
    }

    /** The oldest entry of a held request: it and every later entry stay (Long.MAX_VALUE when nothing is held). */
    private Uni<Long> keptFrom(TenantId tenant, Collection<UUID> heldRequests) {
        if (heldRequests.isEmpty()) {
            return Uni.createFrom().item(Long.MAX_VALUE);
        }
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "select min(seq) from audit_event where tenant_id = :tenant and request_id in (:held)", Long.class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("held", List.copyOf(heldRequests))
                        .getSingleResultOrNull()))
                .map(oldest -> oldest == null ? Long.MAX_VALUE : oldest);
    }

    /**
     * The next batch: the longest run of expired entries from the oldest (expired by the database's clock too, as the
     * function checks), short of the oldest held one, at most {@code size}; found in the database, which answers its
     * last entry and length only (a tenant with nothing expired costs one short index scan).
     */
    private Uni<Long> batches(TenantId tenant, OffsetDateTime cutoff, Instant removedAt, long keptFrom, int size, long soFar) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                with head as (
                                    select seq, hash, occurred_at from audit_event where tenant_id = :tenant and seq < :keptFrom
                                    order by seq limit :limit),
                                young as (
                                    select min(seq) as seq from head where occurred_at >= least(:cutoff, now() - interval '43824 hours'))
                                select h.seq, h.hash, count(*) over () from head h, young y where y.seq is null or h.seq < y.seq
                                order by h.seq desc limit 1""", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("keptFrom", keptFrom)
                        .setParameter("cutoff", cutoff)
                        .setParameter("limit", size)
                        .getResultList()
                        .chain(rows -> {
                            if (rows.isEmpty()) {
                                return Uni.createFrom().item(new long[] {0, 0});
                            }
                            long through = ((Number) rows.get(0)[0]).longValue();
                            String hash = (String) rows.get(0)[1];
                            boolean more = ((Number) rows.get(0)[2]).longValue() == size;
                            return session.createNativeQuery(
                                            "select purge_audit_entries(:through, :hash, :cutoff, :removedAt, :signature)", Long.class)
                                    .setParameter("through", through)
                                    .setParameter("hash", hash)
                                    .setParameter("cutoff", cutoff)
                                    .setParameter("removedAt", OffsetDateTime.ofInstant(removedAt, ZoneOffset.UTC))
                                    .setParameter("signature", key.sign(AuditCheckpoint.signedText(tenant.value(), through, hash, removedAt)))
                                    .getSingleResult()
                                    .map(removed -> new long[] {removed, more ? 1 : 0});
                        })))
                .chain(result -> result[1] == 1 && result[0] > 0
                        ? batches(tenant, cutoff, removedAt, keptFrom, size, soFar + result[0])
                        : Uni.createFrom().item(soFar + result[0]));
    }
}

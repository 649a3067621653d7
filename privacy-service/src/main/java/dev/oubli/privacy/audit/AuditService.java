package dev.oubli.privacy.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The tenant's audit log: append-only, hash-chained (docs/adr/0013). Other features call {@link #record} inside
 * their own tenant transaction, so an entry commits with the change it reports, or not at all.
 */
@ApplicationScoped
public class AuditService {

    static final int MAX_PAGE = 200;
    /** The entries of the current {@link #inTransaction}, in its Vert.x context. */
    private static final String PENDING = AuditService.class.getName() + ".pending";
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    static final String COLUMNS = """
            select seq, id::text, (extract(epoch from occurred_at) * 1000000)::bigint, action, request_id::text, details,
                   previous_hash, hash from audit_event""";

    /** Entries read per page when a chain is verified: memory stays bounded whatever its length. */
    static final int VERIFICATION_PAGE = AuditVerifier.PAGE;

    private final TenantTransactions transactions;
    private final AuditAnchors anchors;
    private final AuditVerifier verifier;

    AuditService(TenantTransactions transactions, AuditAnchors anchors, AuditVerifier verifier) {
        this.transactions = transactions;
        this.anchors = anchors;
        this.verifier = verifier;
    }

    /**
     * A tenant transaction for a hot unit of work (a submission, a receipt: docs/adr/0040): the entries it records are
     * kept in memory and written together at its end, after its other changes are flushed, under one lock of the chain,
     * one read of its head, one insert and one anchor (of the newest entry). The tenant's chain is thus locked only for
     * that last step and the commit, instead of from the transaction's first entry on; the chain is the same, entry for
     * entry. A {@link #head} read inside writes the entries recorded so far first, so that it is the true head.
     */
    public <T> Uni<T> inTransaction(TenantId tenant, Supplier<Uni<T>> work) {
        return transactions.inTransaction(tenant, () -> {
            Pending pending = new Pending(tenant);
            ContextLocals.put(PENDING, pending);
            return work.get()
                    .call(() -> Panache.getSession().chain(session -> session.flush()))
                    .call(() -> pending.write(true))
                    .eventually(() -> ContextLocals.remove(PENDING));
        });
    }

    /**
     * Appends an entry to the tenant's chain, in the caller's transaction, and publishes the new head through the outbox
     * in that transaction too (docs/adr/0026); inside {@link #inTransaction}, at the end of that transaction.
     *
     * @param details ids, codes, counts and blind indexes only: never personal data or free text
     */
    public Uni<Void> record(TenantId tenant, AuditAction action, UUID requestId, Map<String, ?> details) {
        String canonical;
        try {
            canonical = JSON.writeValueAsString(new TreeMap<>(details));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("audit details must be plain values", e));
        }
        Entry entry = new Entry(action, requestId, canonical);
        Pending pending = pending(tenant);
        if (pending != null) {
            pending.entries.add(entry);
            return Uni.createFrom().voidItem();
        }
        Pending now = new Pending(tenant);
        now.entries.add(entry);
        return now.write(true);
    }

    /**
     * The newest entry of the tenant's chain, in the caller's transaction, which from then on is the only writer of that
     * chain (a transaction-scoped advisory lock): the head read stays the head until it commits.
     */
    public Uni<AuditHead> head(TenantId tenant) {
        Pending pending = pending(tenant);
        if (pending != null) {
            // The unit of work's other changes first, outside the chain's lock (an erasure's certificate: docs/adr/0053).
            return Panache.getSession().chain(session -> session.flush())
                    .chain(() -> pending.write(false)).replaceWith(() -> pending.head);
        }
        return lockedHead(tenant);
    }

    /** The lock and the read of the head in one round trip (V50, docs/adr/0053): the read's snapshot follows the lock. */
    private Uni<AuditHead> lockedHead(TenantId tenant) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("select seq, hash from audit_locked_head(:tenant)", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .getResultList())
                .map(last -> last.isEmpty() ? new AuditHead(0, AuditChain.GENESIS)
                        : new AuditHead(((Number) last.get(0)[0]).longValue(), (String) last.get(0)[1]));
    }

    private static Pending pending(TenantId tenant) {
        Pending pending = VertxContext.isOnDuplicatedContext() ? ContextLocals.<Pending>get(PENDING).orElse(null) : null;
        return pending != null && pending.tenant.equals(tenant) ? pending : null;
    }

    /** An entry recorded, not yet chained. */
    private record Entry(AuditAction action, UUID requestId, String details) {
    }

    /** The entries of one transaction not yet written, and the head once the chain is locked. */
    private final class Pending {
        final TenantId tenant;
        final List<Entry> entries = new ArrayList<>();
        AuditHead head;
        boolean written;

        Pending(TenantId tenant) {
            this.tenant = tenant;
        }

        /** Chains and inserts the entries held, in one statement; then, if asked, anchors the newest head once. */
        Uni<Void> write(boolean anchor) {
            Uni<AuditHead> locked = head != null ? Uni.createFrom().item(head) : lockedHead(tenant);
            return locked.chain(start -> {
                head = start;
                if (entries.isEmpty()) {
                    return Uni.createFrom().voidItem();
                }
                List<Entry> batch = List.copyOf(entries);
                entries.clear();
                // Microseconds: what PostgreSQL keeps, so that the hash recomputed from the row is the same.
                OffsetDateTime occurredAt = OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
                StringBuilder sql = new StringBuilder(
                        "insert into audit_event (tenant_id, seq, id, occurred_at, action, request_id, details, previous_hash, hash) values ");
                List<Object[]> rows = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    Entry entry = batch.get(i);
                    long seq = head.seq() + 1;
                    UUID id = UUID.randomUUID();
                    String hash = AuditChain.hash(head.hash(), tenant.value(), seq, id, occurredAt.toInstant(), entry.action().name(),
                            entry.requestId(), entry.details());
                    rows.add(new Object[] {seq, id, entry.action().name(), entry.requestId(), entry.details(), head.hash(), hash});
                    sql.append(i == 0 ? "" : ", ").append("(:tenant, :seq%1$d, :id%1$d, :occurredAt, :action%1$d, :request%1$d, :details%1$d, :previous%1$d, :hash%1$d)".formatted(i));
                    head = new AuditHead(seq, hash);
                }
                written = true;
                return Panache.getSession().chain(session -> {
                    var insert = session.createNativeQuery(sql.toString())
                            .setParameter("tenant", tenant.value())
                            .setParameter("occurredAt", occurredAt);
                    for (int i = 0; i < rows.size(); i++) {
                        Object[] row = rows.get(i);
                        insert.setParameter("seq" + i, row[0]).setParameter("id" + i, row[1]).setParameter("action" + i, row[2])
                                .setParameter("request" + i, row[3]).setParameter("details" + i, row[4])
                                .setParameter("previous" + i, row[5]).setParameter("hash" + i, row[6]);
                    }
                    return insert.executeUpdate();
                }).replaceWithVoid();
            }).chain(() -> anchor && written ? anchors.anchor(tenant, head.seq(), head.hash()) : Uni.createFrom().voidItem());
        }
    }

    /** Oldest first, after the entry {@code after} (exclusive), optionally of one request or one action. */
    public Uni<AuditPage> entries(TenantId tenant, UUID requestId, AuditAction action, long after, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        StringBuilder sql = new StringBuilder(COLUMNS).append(" where tenant_id = :tenant and seq > :after");
        if (requestId != null) {
            sql.append(" and request_id = :requestId");
        }
        if (action != null) {
            sql.append(" and action = :action");
        }
        sql.append(" order by seq limit :limit");
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString(), Object[].class)
                    .setParameter("tenant", tenant.value())
                    .setParameter("after", after)
                    .setParameter("limit", size + 1);
            if (requestId != null) {
                query.setParameter("requestId", requestId);
            }
            if (action != null) {
                query.setParameter("action", action.name());
            }
            return query.getResultList();
        })).map(rows -> {
            List<AuditEntry> items = new ArrayList<>();
            for (Object[] row : rows.subList(0, Math.min(size, rows.size()))) {
                items.add(entry(row));
            }
            return new AuditPage(items, rows.size() > size ? items.get(items.size() - 1).seq() : null);
        });
    }

    /**
     * Recomputes the tenant's chain from its checkpoint (docs/adr/0061) and compares it with the newest anchor published
     * outside the database (docs/adr/0026): {@link AuditVerifier}.
     */
    public Uni<AuditVerification> verify(TenantId tenant) {
        return verifier.verify(tenant);
    }

    static Instant instant(Object micros) {
        return Instant.EPOCH.plus(((Number) micros).longValue(), ChronoUnit.MICROS);
    }

    private static AuditEntry entry(Object[] row) {
        try {
            return new AuditEntry(((Number) row[0]).longValue(), UUID.fromString((String) row[1]), instant(row[2]), (String) row[3],
                    row[4] == null ? null : UUID.fromString((String) row[4]), JSON.readTree((String) row[5]), (String) row[6], (String) row[7]);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit entry " + row[0] + " holds no JSON", e);
        }
    }
}

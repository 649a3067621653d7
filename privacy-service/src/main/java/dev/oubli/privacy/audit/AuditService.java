package dev.oubli.privacy.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
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

/**
 * The tenant's audit log: append-only, hash-chained (docs/adr/0013). Other features call {@link #record} inside
 * their own tenant transaction, so an entry commits with the change it reports, or not at all.
 */
@ApplicationScoped
public class AuditService {

    static final int MAX_PAGE = 200;
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final String COLUMNS = """
            select seq, id::text, (extract(epoch from occurred_at) * 1000000)::bigint, action, request_id::text, details,
                   previous_hash, hash from audit_event""";

    private final TenantTransactions transactions;

    AuditService(TenantTransactions transactions) {
        this.transactions = transactions;
    }

    /**
     * Appends an entry to the tenant's chain, in the caller's transaction.
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
        // Microseconds: what PostgreSQL keeps, so that the hash recomputed from the row is the same.
        Instant occurredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        return Panache.getSession().chain(session -> session
                // One writer per tenant chain at a time, until the transaction ends.
                .createNativeQuery("with l as (select pg_advisory_xact_lock(hashtextextended(:key, 0))) select count(*) from l")
                .setParameter("key", "audit:" + tenant)
                .getSingleResult()
                .chain(() -> session.createNativeQuery("select seq, hash from audit_event where tenant_id = :tenant order by seq desc limit 1",
                                Object[].class)
                        .setParameter("tenant", tenant.value())
                        .getResultList())
                .chain(last -> {
                    long seq = last.isEmpty() ? 1 : ((Number) last.get(0)[0]).longValue() + 1;
                    String previous = last.isEmpty() ? AuditChain.GENESIS : (String) last.get(0)[1];
                    String hash = AuditChain.hash(previous, tenant.value(), seq, id, occurredAt, action.name(), requestId, canonical);
                    return session.createNativeQuery("""
                                    insert into audit_event (tenant_id, seq, id, occurred_at, action, request_id, details, previous_hash, hash)
                                    values (:tenant, :seq, :id, :occurredAt, :action, :requestId, :details, :previous, :hash)""")
                            .setParameter("tenant", tenant.value())
                            .setParameter("seq", seq)
                            .setParameter("id", id)
                            .setParameter("occurredAt", OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC))
                            .setParameter("action", action.name())
                            .setParameter("requestId", requestId)
                            .setParameter("details", canonical)
                            .setParameter("previous", previous)
                            .setParameter("hash", hash)
                            .executeUpdate();
                }))
                .replaceWithVoid();
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

    /** Recomputes the tenant's whole chain and names the first entry that does not hold. */
    public Uni<AuditVerification> verify(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session
                        .createNativeQuery(COLUMNS + " where tenant_id = :tenant order by seq", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .getResultList()))
                .map(rows -> {
                    String previous = AuditChain.GENESIS;
                    long expectedSeq = 1;
                    for (Object[] row : rows) {
                        long seq = ((Number) row[0]).longValue();
                        UUID id = UUID.fromString((String) row[1]);
                        String problem = null;
                        if (seq != expectedSeq) {
                            problem = "SEQUENCE_GAP";
                        } else if (!previous.equals(row[6])) {
                            problem = "CHAIN_MISMATCH";
                        } else if (!recomputed(tenant, row).equals(row[7])) {
                            problem = "HASH_MISMATCH";
                        }
                        if (problem != null) {
                            return new AuditVerification(false, rows.size(), new AuditVerification.BrokenEntry(seq, id, problem));
                        }
                        previous = (String) row[7];
                        expectedSeq = seq + 1;
                    }
                    return new AuditVerification(true, rows.size(), null);
                });
    }

    private static String recomputed(TenantId tenant, Object[] row) {
        return AuditChain.hash((String) row[6], tenant.value(), ((Number) row[0]).longValue(), UUID.fromString((String) row[1]),
                instant(row[2]), (String) row[3], row[4] == null ? null : UUID.fromString((String) row[4]), (String) row[5]);
    }

    private static Instant instant(Object micros) {
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

package dev.oubli.privacy.bulkerasure;

import dev.oubli.privacy.ServiceSigningKey;
import dev.oubli.privacy.certificate.CanonicalJson;
import dev.oubli.problem.ProblemException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reads a bulk erasure from the requests of its batches, and signs its certificate once every batch is settled
 * (docs/adr/0062). The certificate is signed once and kept: asked again, it is the same document.
 */
@ApplicationScoped
public class BulkErasures {

    static final String DOCUMENT_TYPE = "oubli-bulk-erasure-certificate-v1";
    private static final Set<String> SETTLED = Set.of("COMPLETED", "PARTIALLY_COMPLETED", "FAILED", "REJECTED", "CANCELLED");

    private final TenantTransactions transactions;
    private final ServiceSigningKey key;

    BulkErasures(TenantTransactions transactions, ServiceSigningKey key) {
        this.transactions = transactions;
        this.key = key;
    }

    /** @throws ProblemException (404) when no batch of it is known to the tenant (yet: its first opens within seconds) */
    public Uni<BulkErasure> find(TenantId tenant, UUID id) {
        return transactions.inTransaction(tenant, () -> read(tenant, id)).map(facts -> facts.summary(id));
    }

    /** @throws ProblemException (404) as {@link #find}; (409) while a batch is not settled */
    public Uni<BulkErasureCertificate> certificate(TenantId tenant, UUID id) {
        return transactions.inTransaction(tenant, () -> stored(tenant, id).chain(kept -> kept != null
                ? Uni.createFrom().item(kept)
                : read(tenant, id).chain(facts -> {
                    if (!facts.settled()) {
                        throw new ProblemException(409, "bulk-erasure-in-progress", "Bulk erasure in progress",
                                "The certificate is signed once every batch of the bulk erasure is settled.");
                    }
                    Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    String document = facts.document(tenant, id, issuedAt);
                    return store(tenant, id, document, key.sign(document), issuedAt).chain(() -> stored(tenant, id));
                })));
    }

    private Uni<BulkErasureCertificate> stored(TenantId tenant, UUID id) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                select document, signature from bulk_erasure_certificate
                                where tenant_id = :tenant and bulk_erasure_id = :id""", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("id", id)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : new BulkErasureCertificate((String) rows.get(0)[0], (String) rows.get(0)[1]));
    }

    /** Two callers at once: the first certificate stays, the second reads it. */
    private Uni<Integer> store(TenantId tenant, UUID id, String document, String signature, Instant issuedAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into bulk_erasure_certificate (tenant_id, bulk_erasure_id, document, signature, issued_at)
                                values (:tenant, :id, :document, :signature, :issuedAt) on conflict do nothing""")
                .setParameter("tenant", tenant.value())
                .setParameter("id", id)
                .setParameter("document", document)
                .setParameter("signature", signature)
                .setParameter("issuedAt", OffsetDateTime.ofInstant(issuedAt, ZoneOffset.UTC))
                .executeUpdate());
    }

    private Uni<Facts> read(TenantId tenant, UUID id) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                select r.id, r.status, r.bulk_batches, cardinality(r.subject_contact_ids), r.received_at, r.completed_at,
                                       (select c.document from erasure_certificate c where c.tenant_id = r.tenant_id and c.request_id = r.id
                                        order by c.seq desc limit 1)
                                from privacy_request r where r.tenant_id = :tenant and r.bulk_erasure_id = :id order by r.id""",
                                Object[].class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("id", id)
                        .getResultList()
                        .chain(requests -> {
                            if (requests.isEmpty()) {
                                throw ProblemException.notFound("There is no bulk erasure with this id (its first batch is "
                                        + "opened within seconds of the deletion).");
                            }
                            return session.createNativeQuery("""
                                            select t.owner, e.key, sum(cast(e.value as bigint))
                                            from privacy_request r
                                            join privacy_request_task t on t.tenant_id = r.tenant_id and t.request_id = r.id
                                            cross join lateral jsonb_each_text(coalesce(t.counts, '{}'::jsonb)) e
                                            where r.tenant_id = :tenant and r.bulk_erasure_id = :id
                                            group by t.owner, e.key""", Object[].class)
                                    .setParameter("tenant", tenant.value())
                                    .setParameter("id", id)
                                    .getResultList()
                                    .map(counts -> new Facts(requests, counts));
                        }));
    }

    /** The rows of the batches' requests and the owners' summed counts. */
    private record Facts(List<Object[]> requests, List<Object[]> counts) {

        int batches() {
            return ((Number) requests.get(0)[2]).intValue();
        }

        boolean settled() {
            return requests.size() == batches() && requests.stream().allMatch(row -> SETTLED.contains((String) row[1]));
        }

        String status() {
            if (requests.size() < batches()) {
                return "RECEIVING";
            }
            if (!settled()) {
                return "IN_PROGRESS";
            }
            return requests.stream().allMatch(row -> "COMPLETED".equals(row[1])) ? "COMPLETED" : "PARTIALLY_COMPLETED";
        }

        long contacts() {
            return requests.stream().mapToLong(row -> ((Number) row[3]).longValue()).sum();
        }

        OffsetDateTime receivedAt() {
            return requests.stream().map(row -> (OffsetDateTime) row[4]).min(OffsetDateTime::compareTo).orElseThrow();
        }

        OffsetDateTime settledAt() {
            return settled() ? requests.stream().map(row -> (OffsetDateTime) row[5]).filter(at -> at != null)
                    .max(OffsetDateTime::compareTo).orElse(null) : null;
        }

        Map<String, Map<String, Long>> owners() {
            Map<String, Map<String, Long>> owners = new TreeMap<>();
            counts.forEach(row -> owners.computeIfAbsent((String) row[0], owner -> new TreeMap<>())
                    .put((String) row[1], ((Number) row[2]).longValue()));
            return owners;
        }

        BulkErasure summary(UUID id) {
            List<BulkErasure.Batch> batches = requests.stream()
                    .map(row -> new BulkErasure.Batch((UUID) row[0], (String) row[1])).toList();
            return new BulkErasure(id, status(), batches(), contacts(), receivedAt(), settledAt(), owners(), batches,
                    settled() ? "/api/bulk-erasures/" + id + "/certificate" : null);
        }

        String document(TenantId tenant, UUID id, Instant issuedAt) {
            List<Map<String, Object>> batches = new ArrayList<>();
            for (Object[] row : requests) {
                Map<String, Object> batch = new TreeMap<>();
                batch.put("requestId", row[0]);
                batch.put("status", row[1]);
                batch.put("contacts", ((Number) row[3]).longValue());
                batch.put("erasureCertificateSha256", row[6] == null ? null : CanonicalJson.sha256((String) row[6]));
                batches.add(batch);
            }
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("type", DOCUMENT_TYPE);
            content.put("tenantId", tenant.value());
            content.put("bulkErasureId", id);
            content.put("status", status());
            content.put("contacts", contacts());
            content.put("receivedAt", receivedAt().toInstant().truncatedTo(ChronoUnit.MILLIS));
            content.put("settledAt", settledAt() == null ? null : settledAt().toInstant().truncatedTo(ChronoUnit.MILLIS));
            content.put("owners", owners());
            content.put("requests", batches);
            content.put("issuedAt", issuedAt);
            return CanonicalJson.write(content);
        }
    }
}

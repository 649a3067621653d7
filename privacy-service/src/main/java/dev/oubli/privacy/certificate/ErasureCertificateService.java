package dev.oubli.privacy.certificate;

import dev.oubli.privacy.ServiceSigningKey;
import dev.oubli.privacy.audit.AuditAction;
import dev.oubli.privacy.audit.AuditService;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Signs the certificate of each completed or partially completed erasure with the service's Ed25519 key (Tink), and verifies
 * certificates for anyone holding one (docs/adr/0014).
 */
@ApplicationScoped
public class ErasureCertificateService {

    static final String DOCUMENT_TYPE = "oubli-erasure-certificate-v1";

    private final ServiceSigningKey key;
    private final TenantTransactions transactions;
    private final AuditService audit;

    ErasureCertificateService(ServiceSigningKey key, TenantTransactions transactions, AuditService audit) {
        this.key = key;
        this.transactions = transactions;
        this.audit = audit;
    }

    /**
     * Signs and stores the certificate of a settled erasure (COMPLETED, or PARTIALLY_COMPLETED stating what failed:
     * docs/adr/0041), in the caller's transaction; a retried request settled again gets a newer one. It carries the head of the
     * tenant's audit chain as it stands (docs/adr/0026): whoever holds the certificate can later show that the chain
     * held that entry, whatever the database says then.
     */
    public Uni<Void> issue(TenantId tenant, ErasureFacts facts) {
        return audit.head(tenant).chain(head -> {
            Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("type", DOCUMENT_TYPE);
            content.put("facts", facts);
            content.put("auditHead", head);
            content.put("issuedAt", issuedAt);
            String document = CanonicalJson.write(content);
            return store(tenant, facts, document, key.sign(document), issuedAt);
        });
    }

    private Uni<Void> store(TenantId tenant, ErasureFacts facts, String document, String signature, Instant issuedAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into erasure_certificate (tenant_id, request_id, seq, document, signature, issued_at)
                                select :tenant, :request, coalesce(max(seq), 0) + 1, :document, :signature, :issuedAt
                                from erasure_certificate where tenant_id = :tenant and request_id = :request""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", facts.requestId())
                        .setParameter("document", document)
                        .setParameter("signature", signature)
                        .setParameter("issuedAt", OffsetDateTime.ofInstant(issuedAt, ZoneOffset.UTC))
                        .executeUpdate())
                .chain(() -> audit.record(tenant, AuditAction.CERTIFICATE_ISSUED, facts.requestId(), Map.of("sha256", CanonicalJson.sha256(document))));
    }

    /** @throws ProblemException (404) when the tenant has no certificate for this request (yet) */
    public Uni<ErasureCertificate> certificate(TenantId tenant, UUID requestId) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session
                        .createNativeQuery("""
                                        select document, signature from erasure_certificate where tenant_id = :tenant and request_id = :request
                                        order by seq desc limit 1""",
                                Object[].class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("request", requestId)
                        .getResultList()))
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("There is no erasure certificate for this request: it is issued when an erasure is "
                                + "COMPLETED or PARTIALLY_COMPLETED.");
                    }
                    return new ErasureCertificate((String) rows.get(0)[0], (String) rows.get(0)[1]);
                });
    }

    public CertificateVerification verify(ErasureCertificate certificate) {
        if (certificate == null || certificate.document() == null || certificate.signature() == null) {
            throw ProblemException.invalidRequest("document and signature are required.");
        }
        return new CertificateVerification(key.holds(certificate.document(), certificate.signature()));
    }

    /** The Tink public keyset (JSON) that verifies every certificate (and audit anchor) this service signs. */
    public String publicKeyset() {
        return key.publicKeyset();
    }
}

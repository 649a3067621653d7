package dev.oubli.privacy.ledger;

import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.outbox.ErasureReapplication;
import dev.oubli.privacy.audit.AuditAction;
import dev.oubli.privacy.audit.AuditService;
import dev.oubli.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * privacy-service's part of an erasure read again from the ledger at start-up (docs/adr/0052, 0058): applied unless
 * {@code erasure_applied} records it, which a restore of an older backup removes with the consent history it describes.
 * The request itself may be gone with the restore: the trace is its {@code erasure_applied} row ({@code from_ledger})
 * and an {@link AuditAction#ERASURE_REAPPLIED} entry with the request id and the counts.
 */
@ApplicationScoped
class LedgerErasure implements ErasureReapplication {

    private final SubjectErasure erasure;
    private final AuditService audit;

    LedgerErasure(SubjectErasure erasure, AuditService audit) {
        this.erasure = erasure;
        this.audit = audit;
    }

    @Override
    public Uni<Boolean> reapply(TenantId tenant, PrivacyRequestSubmitted request) {
        return erasure.claimFromLedger(tenant, request).chain(claimed -> !claimed
                ? Uni.createFrom().item(false)
                : erasure.erase(tenant, request, true)
                .call(counts -> audit.record(tenant, AuditAction.ERASURE_REAPPLIED, request.requestId(), counts))
                .replaceWith(true));
    }
}

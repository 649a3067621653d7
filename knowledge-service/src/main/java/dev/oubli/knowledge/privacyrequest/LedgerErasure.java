package dev.oubli.knowledge.privacyrequest;

import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.outbox.ErasureReapplication;
import dev.oubli.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * knowledge-service's part of an erasure read again from the ledger at start-up (docs/adr/0052): applied unless its
 * {@code privacy_request_handled} row shows it was, which a restore of an older backup removes with the data.
 */
@ApplicationScoped
class LedgerErasure implements ErasureReapplication {

    private final PrivacyRequestService requests;

    LedgerErasure(PrivacyRequestService requests) {
        this.requests = requests;
    }

    @Override
    public Uni<Boolean> reapply(TenantId tenant, PrivacyRequestSubmitted erasure) {
        return requests.reapplyErasure(tenant, erasure);
    }
}

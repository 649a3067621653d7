package dev.oubli.contacts.privacyrequest;

import dev.oubli.contacts.contact.ContactService;
import dev.oubli.contacts.privacyrequest.RequestOutcomeRepository.RequestOutcome;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.outbox.ErasureReapplication;
import dev.oubli.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * contacts-service's part of an erasure read again from the ledger at start-up (docs/adr/0052): applied and recorded as
 * {@link PrivacyRequestListener} would, without a receipt, unless its {@code privacy_request_outcome} row shows it was
 * applied, which a restore of an older backup removes together with the data.
 */
@ApplicationScoped
class LedgerErasure implements ErasureReapplication {

    private final ContactService contacts;
    private final RequestOutcomeRepository outcomes;

    LedgerErasure(ContactService contacts, RequestOutcomeRepository outcomes) {
        this.contacts = contacts;
        this.outcomes = outcomes;
    }

    @Override
    public Uni<Boolean> reapply(TenantId tenant, PrivacyRequestSubmitted erasure) {
        return outcomes.previous(tenant, erasure.requestId()).chain(previous -> previous != null
                ? Uni.createFrom().item(false)
                : contacts.eraseSubject(tenant, erasure.requestId(), erasure.subject())
                .chain(erased -> outcomes.record(tenant, erasure.requestId(), RequestType.ERASURE.name(),
                        RequestOutcome.completed(Map.of("erased", erased))))
                .replaceWith(true));
    }
}

package dev.oubli.privacy.ledger;

import dev.oubli.events.ConsentSource;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.SubjectRef;
import dev.oubli.privacy.consent.ConsentService;
import dev.oubli.privacy.consent.IdentifierLinks;
import dev.oubli.privacy.contactcheck.ContactCheckService;
import dev.oubli.privacy.suppression.SuppressionReason;
import dev.oubli.privacy.suppression.SuppressionService;
import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The consent ledger's part of an erasure, in the caller's tenant transaction: the subject suppressed (the entry
 * outlives the rest: a person erased is not contacted again), its consent history deleted with a tombstone per consent
 * key, its check evidence deleted, and the erasure recorded as applied ({@code erasure_applied}, V54), the high-water
 * mark of the start-up pass over the ledger of erasures (docs/adr/0058). Applied by the ordinary path
 * ({@link LedgerRequestService}) and again, after a restore, by {@link LedgerErasure}.
 */
@ApplicationScoped
class SubjectErasure {

    private final ConsentService consents;
    private final SuppressionService suppressions;
    private final ContactCheckService checks;
    private final ConsentTombstones tombstones;
    private final IdentifierLinks links;

    SubjectErasure(ConsentService consents, SuppressionService suppressions, ContactCheckService checks,
                   ConsentTombstones tombstones, IdentifierLinks links) {
        this.consents = consents;
        this.suppressions = suppressions;
        this.checks = checks;
        this.tombstones = tombstones;
        this.links = links;
    }

    /**
     * Erases the subject first locking every identifier of it (as a consent change does, in one order), so a grant
     * running at the same time is either committed before, and erased, or refused after.
     *
     * @param fromLedger true when applied again from the ledger at start-up, not on the request's first delivery
     * @return the counts of the task's receipt
     */
    Uni<Map<String, Long>> erase(TenantId tenant, PrivacyRequestSubmitted request, boolean fromLedger) {
        return consents.resolve(tenant, request.subject()).chain(resolved -> links.person(tenant, resolved)).chain(subject ->
                consents.lock(tenant, subject).chain(() ->
                        suppressions.suppress(tenant, subject, SuppressionReason.ERASED, ConsentSource.PRIVACY_REQUEST)
                                .call(() -> links.erase(tenant, blindIndexesOf(subject)))
                                .chain(suppressed -> tombstones.keysOf(tenant, subject).chain(keys -> consents.erase(tenant, subject)
                                        .call(() -> tombstones.write(tenant, keys))
                                        .chain(erased -> checks.erase(tenant, subject)
                                                .call(() -> recordApplied(tenant, request, fromLedger))
                                                .map(checksErased -> Map.of("suppressed", (long) suppressed,
                                                        "consents-erased", (long) erased, "checks-erased", (long) checksErased)))))));
    }

    /**
     * Records the erasure as applied again from the ledger, unless this database records it already (a restore of an
     * older backup removes the record): the first of two concurrent passes wins, the other waits for it and finds it.
     *
     * @return true when this call recorded it, and must then {@link #erase} the subject in the same transaction
     */
    Uni<Boolean> claimFromLedger(TenantId tenant, PrivacyRequestSubmitted request) {
        return recordApplied(tenant, request, true).map(inserted -> inserted == 1);
    }

    private Uni<Integer> recordApplied(TenantId tenant, PrivacyRequestSubmitted request, boolean fromLedger) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into erasure_applied (tenant_id, request_id, from_ledger) values (:tenant, :request, :fromLedger)
                                on conflict do nothing""")
                .setParameter("tenant", tenant.value())
                .setParameter("request", request.requestId())
                .setParameter("fromLedger", fromLedger)
                .executeUpdate());
    }

    private static List<String> blindIndexesOf(SubjectRef subject) {
        List<String> indexes = new ArrayList<>(subject.emailIndexes());
        indexes.addAll(subject.phoneIndexes());
        return indexes;
    }
}

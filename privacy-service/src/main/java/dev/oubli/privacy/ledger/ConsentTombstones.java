package dev.oubli.privacy.ledger;

import dev.oubli.events.EventType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Outbox;
import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * An erased subject leaves no key on the compacted {@code privacy.consents.v1} (issue 17 item 5, docs/adr/0043): the
 * keys its consent changes were published under ({@link Topics#consentKey}: the change's email index, else phone
 * index, else contact id, with channel and purpose) get a tombstone each, through the outbox, after the key's events.
 */
@ApplicationScoped
class ConsentTombstones {

    private final Outbox outbox;

    ConsentTombstones(Outbox outbox) {
        this.outbox = outbox;
    }

    /** The subject's consent keys, read in the caller's transaction before its consent changes are deleted. */
    Uni<List<String>> keysOf(TenantId tenant, SubjectRef subject) {
        List<String> identifiers = new ArrayList<>(subject.emailIndexes());
        identifiers.addAll(subject.phoneIndexes());
        subject.contactIds().forEach(id -> identifiers.add(id.toString()));
        if (identifiers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select distinct coalesce(email_index, phone_index, cast(contact_id as varchar)) || ':' || channel || ':' || purpose
                        from consent_change where tenant_id = :tenant
                          and (email_index in (:identifiers) or phone_index in (:identifiers) or cast(contact_id as varchar) in (:identifiers))""",
                        String.class)
                .setParameter("tenant", tenant.value())
                .setParameter("identifiers", identifiers)
                .getResultList())
                .map(anchors -> anchors.stream().map(anchor -> tenant.value() + ":" + anchor).sorted().toList());
    }

    /** A tombstone per key, in the caller's transaction. @return how many */
    Uni<Integer> write(TenantId tenant, List<String> keys) {
        return Multi.createFrom().iterable(keys)
                .onItem().transformToUniAndConcatenate(key -> outbox.appendTombstone(tenant, Topics.PRIVACY_CONSENTS, key,
                        EventType.CONSENT_CHANGED.ceType()))
                .collect().asList().map(List::size);
    }
}
